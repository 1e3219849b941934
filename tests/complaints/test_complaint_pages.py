"""The consumer's complaint pages: identifying the order, the form (never a 500, nothing
lost), photo refusals, the complaint's page behind its signed link."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from complaints.complaint_forms import PHOTO_MAX_BYTES
from complaints.models import Complaint, ComplaintPhoto
from complaints.services.complaint_papers import complaint_link
from orders.access import order_access_key

from .complaint_factories import delivered_order, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(legal_texts):
    return delivered_order()


def _form_url(order):
    return f"/complaints/new/{order.number}/?key={order_access_key(order)}"


def _fields(order, **overrides):
    return {
        "full_name": "Jelena Petrović",
        "email": order.email,
        "lines": [str(order.lines.get().pk)],
        "description": "The stone fell out.",
        "remedy": "replacement",
        **overrides,
    }


def test_the_info_page_identifies_the_order_by_number_and_email(client, order):
    page = client.get("/complaints/")
    assert page.status_code == 200
    response = client.post("/complaints/", {"order_number": order.number, "email": order.email})
    assert response.status_code == 302
    assert response["Location"] == _form_url(order)
    wrong = client.post("/complaints/", {"order_number": order.number, "email": "x@example.rs"})
    assert wrong.status_code == 200
    assert b"We found no order with that number and e-mail" in wrong.content


def test_the_form_without_the_key_is_not_found(client, order):
    assert client.get(f"/complaints/new/{order.number}/").status_code == 404
    assert client.get(f"/complaints/new/{order.number}/?key=forged").status_code == 404


def test_a_complaint_with_a_photo_is_filed_and_its_photo_loses_its_metadata(client, order):
    photo = SimpleUploadedFile("defect.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(_form_url(order), {**_fields(order), "photos": [photo]})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response["Location"] == complaint_link(complaint) + "&filed=1"
    [stored] = ComplaintPhoto.objects.filter(complaint=complaint)
    with stored.image.open("rb") as image_file, Image.open(image_file) as image:
        assert not image.getexif()
    page = client.get(response["Location"])
    assert complaint.number.encode() in page.content
    assert b"Thank you" in page.content


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("notes.jpg", b"not an image at all", "image/jpeg"), "not a photo"),
        (
            SimpleUploadedFile("huge.jpg", b"\xff" * (PHOTO_MAX_BYTES + 1), "image/jpeg"),
            "at most 5.0",
        ),
    ],
)
def test_a_refused_photo_is_not_stored_but_the_complaint_is(client, order, upload, reason):
    response = client.post(_form_url(order), {**_fields(order), "photos": [upload]})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert not complaint.photos.exists()
    assert "Photo refused" in complaint.problems
    assert reason in complaint.problems
    page = client.get(response["Location"]).content.decode()
    assert reason in page


def test_repair_needs_the_explicit_consent(client, order):
    response = client.post(_form_url(order), _fields(order, remedy="repair"))
    assert response.status_code == 200
    assert b"explicit consent" in response.content
    assert not Complaint.objects.exists()
    assert (
        client.post(
            _form_url(order), _fields(order, remedy="repair", repair_consent="on")
        ).status_code
        == 302
    )


def test_a_complaint_without_an_order_is_stored_for_staff_to_match(client, legal_texts):
    response = client.post(
        "/complaints/new/",
        {
            "full_name": "Jelena",
            "email": "jelena@example.rs",
            "order_number": "CM-2020-999999",
            "goods": "A silver ring",
            "description": "Broken",
            "remedy": "termination",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.order is None and "not identified" in complaint.problems


def test_the_complaint_page_needs_its_signed_link(client, order):
    client.post(_form_url(order), _fields(order))
    complaint = Complaint.objects.get()
    assert client.get(f"/complaints/{complaint.number}/").status_code == 404
    assert client.get(f"/complaints/{complaint.number}/?key=nope").status_code == 404
    page = client.get(complaint_link(complaint))
    assert page.status_code == 200
    assert b"We answer by" in page.content
    pdf = client.get(
        f"/complaints/{complaint.number}/confirmation.pdf?key="
        + complaint_link(complaint).split("key=")[1]
    )
    assert pdf["Content-Type"] == "application/pdf"


def test_a_rate_limited_complaint_is_sent_back_with_a_clear_message(client, order, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "complaint": "2/h/key"}
    for _attempt in range(2):
        assert client.post(_form_url(order), _fields(order)).status_code == 302
    limited = client.post(_form_url(order), _fields(order, description="Third time."))
    assert limited.status_code == 429
    page = limited.content.decode()
    assert "NOT filed yet" in page and "Third time." in page  # what was typed is kept
    assert Complaint.objects.count() == 2


def test_the_complaint_form_fails_open_when_the_cache_is_down(client, order, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "complaint": "1/h/key"}
    # Redis gone: the shop's cache swallows the errors, and allauth's limiter then refuses.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    }
    for _attempt in range(3):
        assert client.post(_form_url(order), _fields(order)).status_code == 302
    assert Complaint.objects.count() == 3


def test_the_out_of_court_page_is_linked_from_the_footer(client, legal_texts):
    page = client.get("/complaints/")
    assert b'href="/out-of-court-settlement/"' in page.content
    assert client.get("/out-of-court-settlement/").status_code == 200


text = st.text(max_size=300)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    full_name=text,
    email=text,
    description=text,
    remedy=st.sampled_from(["replacement", "repair", "price_reduction", "termination", "", "x"]),
    lines=st.lists(st.text(max_size=10), max_size=3),
    consent=st.sampled_from(["", "on", "\x00"]),
    photo=st.binary(max_size=3000),
)
def test_no_input_gives_a_server_error(
    client, order, full_name, email, description, remedy, lines, consent, photo
):
    before = Complaint.objects.count()
    response = client.post(
        _form_url(order),
        {
            "full_name": full_name,
            "email": email,
            "description": description,
            "remedy": remedy,
            "lines": lines,
            "repair_consent": consent,
            "photos": [SimpleUploadedFile("p.jpg", photo, "image/jpeg")],
        },
    )
    # 429: the rate limit sent the form back with a message (many examples, one visitor).
    assert response.status_code in (200, 302, 429)
    assert Complaint.objects.count() == before + (response.status_code == 302)
    without_order = client.post(
        "/complaints/new/",
        {
            "full_name": full_name,
            "email": email,
            "order_number": full_name,
            "goods": description,
            "description": description,
            "remedy": remedy,
        },
    )
    assert without_order.status_code in (200, 302, 429)
    identify = client.post("/complaints/", {"order_number": full_name, "email": email})
    assert identify.status_code in (200, 302)


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_blank_and_the_prefilled_complaint_form(client, order):
    blank = _pdf_text(client.get("/complaints/form.pdf").content)
    assert "Complaint form" in blank and "Replacement" in blank
    assert client.get(f"/complaints/form/{order.number}.pdf").status_code == 404
    filled = client.get(f"/complaints/form/{order.number}.pdf?key={order_access_key(order)}")
    text = _pdf_text(filled.content)
    assert order.number in text and "Prsten Luna" in text and "Đorđe Šćepanović" in text


def test_a_customer_sees_their_complaints_in_the_account(client, legal_texts, django_user_model):
    from .complaint_factories import filed

    customer = django_user_model.objects.create_user(
        email="kupac@example.rs", password="x-1234-pass"
    )
    complaint = filed(delivered_order(email="kupac@example.rs", user=customer))
    other = filed(delivered_order(email="drugi@example.rs"))
    client.force_login(customer)
    page = client.get("/account/complaints/").content.decode()
    assert complaint.number in page and other.number not in page
    assert client.get(f"/complaints/{complaint.number}/").status_code == 200
    assert client.get(f"/complaints/{other.number}/").status_code == 404


@pytest.fixture
def back_to_english():
    yield
    # A request leaves its language active in this thread; the next tests expect English.
    translation.activate("en")


def test_the_complaint_pages_speak_serbian(client, order, back_to_english):
    client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/"})
    page = client.get(_form_url(order)).content.decode()
    assert "Izjavite reklamaciju" in page and "Opišite nedostatak" in page
    assert "Vansudsko rešavanje sporova" in page
    client.post(_form_url(order), _fields(order))
    # Staff read the problems in the shop's language whatever the consumer's.
    assert Complaint.objects.get().language == "sr-latn"
