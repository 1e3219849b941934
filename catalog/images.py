"""Product photographs with Pillow: checking an upload, removing its metadata and cutting the
responsive renditions (WebP with a JPEG fallback) that pages offer through `srcset`, and the
square thumbnail that galleries, carts and orders show."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Larger photos only cost memory: 40 megapixels is well beyond any product shot.
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (320, 640, 1280)
JPEG_QUALITY = 85
WEBP_QUALITY = 80
# Shown at 80 CSS pixels: twice that stays sharp on high-density screens.
THUMBNAIL_SIDE = 160


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: bytes
    jpeg: bytes


def validate_photo(upload) -> None:
    """Raise a ValidationError a shop editor understands when `upload` is not a usable photo."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; photos may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _(
                        "This photo is %(width)s × %(height)s pixels; at most %(limit)s megapixels are allowed."
                    )
                    % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a photo we can read. Upload a JPEG, PNG or WebP image."),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s files are not accepted. Upload a JPEG, PNG or WebP image.")
            % {"format": image_format},
            code="format",
        )
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("This photo is only %(width)s × %(height)s pixels; each side needs at least %(min)s.")
            % {"width": width, "height": height, "min": MIN_SIDE},
            code="too_small",
        )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB without transparency: photos go on a white page, JPEG has no alpha."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def clean_photo(upload) -> tuple[bytes, Image.Image]:
    """The photo re-encoded as JPEG without any metadata (EXIF carries camera serials and GPS
    positions), turned upright first so that dropping the orientation tag changes nothing."""
    upload.seek(0)
    with Image.open(upload) as original:
        upright = ImageOps.exif_transpose(original)
        image = _flatten(upright)
    return encode_jpeg(image), image


def encode_jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # No exif= argument and a fresh RGB image: Pillow writes no EXIF, XMP or ICC blocks.
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def encode_webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def make_renditions(image: Image.Image) -> list[Rendition]:
    """One rendition per width in RENDITION_WIDTHS that the photo can fill, or the photo's own
    width when it is narrower than all of them; smallest first."""
    widths = [w for w in RENDITION_WIDTHS if w <= image.width] or [image.width]
    renditions = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        renditions.append(Rendition(width, height, encode_webp(resized), encode_jpeg(resized)))
    return renditions


def make_thumbnail(image: Image.Image) -> bytes:
    """A THUMBNAIL_SIDE square JPEG of the photo's centre: thumbnails line up in strips and
    tables, whatever the photo's proportions."""
    square = ImageOps.fit(_flatten(image), (THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.LANCZOS)
    return encode_jpeg(square)
