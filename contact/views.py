"""The contact form and contest pages: parse, check the rate limit, call a service, render."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cestmoi.forms import posted
from newsletter.limits import public_form_allowed

from .forms import ContactMessageForm, ContestEntryForm
from .models import Contest
from .services import ContestError, contact_message_receive, contest_enter


def contact_message_new(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
    form = ContactMessageForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not public_form_allowed(request, action="contact_message", email=data["email"]):
            form.add_error(None, _("Too many messages in a short time. Please try again later."))
            return render(request, "contact/message_form.html", {"form": form}, status=429)
        contact_message_receive(
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            body=data["body"],
            language=get_language(),
            user=request.user,
            now=timezone.now(),
        )
        return render(request, "contact/message_sent.html")
    status = 400 if form.is_bound else 200
    return render(request, "contact/message_form.html", {"form": form}, status=status)


def contest_list(request):
    contests = Contest.objects.filter(ends_at__gt=timezone.now(), drawn_at__isnull=True)
    return render(request, "contact/contest_list.html", {"contests": contests})


def contest_detail(request, contest_id):
    contest = get_object_or_404(Contest, pk=contest_id)
    is_open = contest.ends_at > timezone.now() and contest.drawn_at is None
    form = ContestEntryForm(posted(request), consent_text=contest.consent_text)
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        if not public_form_allowed(request, action="contest_enter", email=data["email"]):
            form.add_error(None, _("Too many entries in a short time. Please try again later."))
        else:
            try:
                contest_enter(
                    contest_id=contest.pk,
                    full_name=data["full_name"],
                    address=data["address"],
                    email=data["email"],
                    consent_given=data["consent"],
                    language=get_language(),
                    user=request.user,
                    now=timezone.now(),
                )
            except ContestError as error:
                form.add_error(None, str(error))
            else:
                return render(request, "contact/contest_entered.html", {"contest": contest})
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "contact/contest_detail.html",
        {"contest": contest, "form": form, "is_open": is_open},
        status=status,
    )
