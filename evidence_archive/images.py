"""Read and thumbnail photos, and save plugins' previews, with Pillow, so views never touch it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# Only formats sniff.py calls images: Pillow can also open EPS (through
# Ghostscript) and other formats we have no business parsing.  Multi-picture
# camera JPEGs (MPO) come in through the JPEG opener.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "AVIF")
JPEG_QUALITY = 82

_ORIENTATION = ExifTags.Base.Orientation
_DATETIME_ORIGINAL = ExifTags.Base.DateTimeOriginal
_OFFSET_TIME_ORIGINAL = ExifTags.Base.OffsetTimeOriginal
_SIDEWAYS = {5, 6, 7, 8}
_EXIF_TIME = "%Y:%m:%d %H:%M:%S"

# Pillow's own errors for files it cannot decode.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    # Raised, not just warned, where warnings are errors (as in our tests).
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


class ImageError(ValueError):
    """An image that cannot be read safely."""


def make_thumbnail(
    src: str | os.PathLike, dest: str | os.PathLike, max_size: int = 480
) -> tuple[int, int]:
    """Write an upright RGB JPEG thumbnail of src to dest and return its size."""
    with _open(src) as im:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale so a huge photo never
        # sits in memory at full size; a no-op for other formats.
        im.draft("RGB", (max_size, max_size))
        _check_pixels(im.size)
        try:
            upright = ImageOps.exif_transpose(im)
            thumb = _flatten(upright)
            thumb.thumbnail((max_size, max_size), Image.Resampling.LANCZOS)
        except _DECODE_ERRORS as exc:
            raise ImageError("ไม่สามารถอ่านไฟล์รูปภาพได้ ไฟล์อาจเสียหาย") from exc
    _save_atomic(thumb, Path(dest))
    return thumb.size


def save_preview(
    image: Image.Image, dest: str | os.PathLike, max_size: int = 480
) -> tuple[int, int]:
    """Write a picture a plugin drew (a PDF page, say) to dest as a JPEG preview; return its size.

    The picture is flattened onto white, shrunk to fit `max_size` and written
    whole or not at all, like a photo's thumbnail.
    """
    preview = _flatten(image)
    preview.thumbnail((max_size, max_size), Image.Resampling.LANCZOS)
    _save_atomic(preview, Path(dest))
    return preview.size


def image_info(src: str | os.PathLike) -> dict:
    """Return width and height as displayed, EXIF orientation and time taken."""
    with _open(src) as im:
        width, height = im.size
        try:
            exif = im.getexif()
            exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        except _DECODE_ERRORS:
            # Broken EXIF must not make a readable photo unusable.
            exif, exif_ifd = {}, {}
    orientation = exif.get(_ORIENTATION)
    if not (isinstance(orientation, int) and 1 <= orientation <= 8):
        orientation = None
    if orientation in _SIDEWAYS:
        width, height = height, width
    return {
        "width": width,
        "height": height,
        "taken_at": _taken_at(exif_ifd),
        "orientation": orientation,
    }


@contextmanager
def _open(src: str | os.PathLike) -> Iterator[Image.Image]:
    """Open an image lazily, raising ImageError if it cannot be read safely."""
    # Open the file ourselves so a missing or unreadable path raises its own
    # OSError instead of being reported as a bad image.
    with open(src, "rb") as fh:
        try:
            im = Image.open(fh, formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(_too_big_message()) from exc
        except _DECODE_ERRORS as exc:
            raise ImageError("ไฟล์นี้ไม่ใช่รูปภาพที่ระบบอ่านได้") from exc
        with im:
            yield im


def _check_pixels(size: tuple[int, int]) -> None:
    """Refuse to decode more pixels than Pillow's bomb limit allows."""
    # Pillow only warns between 1x and 2x its limit; we stop at 1x, counted
    # after draft() so a big JPEG decoded at reduced scale still passes.
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and size[0] * size[1] > limit:
        raise ImageError(_too_big_message())


def _too_big_message() -> str:
    """Return the Thai message for an image over the pixel limit."""
    limit = Image.MAX_IMAGE_PIXELS or 0
    return (
        "รูปภาพมีขนาดใหญ่เกินไป ระบบรับได้ไม่เกิน "
        f"{limit / 1_000_000:.0f} ล้านพิกเซล กรุณาย่อขนาดภาพก่อนอัปโหลด"
    )


def _flatten(im: Image.Image) -> Image.Image:
    """Convert to RGB, putting transparent areas on white rather than black."""
    if im.mode in ("RGBA", "LA", "PA") or (
        im.mode == "P" and "transparency" in im.info
    ):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB")


def _save_atomic(im: Image.Image, dest: Path) -> None:
    """Save im as JPEG next to dest, then rename it over dest."""
    # Same directory so os.replace is a rename on one filesystem; readers see
    # either the old thumbnail or the new one, never half a file.
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.tmp")
    try:
        # os.open with 0o666 honours the umask, like any other upload file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            # No exif= argument: the pixels are already upright, and the
            # camera's EXIF (GPS included) stays out of the public thumbnail.
            im.save(fh, "JPEG", quality=JPEG_QUALITY, optimize=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _taken_at(exif_ifd) -> str | None:
    """Return EXIF DateTimeOriginal as an ISO 8601 string, or None."""
    raw = exif_ifd.get(_DATETIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    taken = raw.strip("\x00 ")
    offset = exif_ifd.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str) and offset.strip("\x00 "):
        try:
            stamp = taken + offset.strip("\x00 ")
            return datetime.strptime(stamp, _EXIF_TIME + "%z").isoformat()
        except ValueError:
            pass  # A malformed offset still leaves a usable local time.
    try:
        return datetime.strptime(taken, _EXIF_TIME).isoformat()
    except ValueError:
        # Cameras with an unset clock write "0000:00:00 00:00:00" or blanks.
        return None
