"""Read and thumbnail photos, and save plugins' previews, with Pillow, so views never touch it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

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
# How to turn pixels stored in each EXIF orientation upright (as ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

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


# ---------------------------------------------------------------------------
# Memory: what decoding a picture costs, and the limit
# ---------------------------------------------------------------------------

#: Default of the MAX_IMAGE_PIXELS setting: the largest colour picture (PNG,
#: TIFF, GIF) decoded whole.  Pillow holds a colour pixel in 4 bytes, so 40
#: million cost ~160 MiB (~170 MiB peak, measured by bench/image_memory.py):
#: well under 300 MiB above a worker's baseline, with room for an A4 page
#: scanned at 600 dpi (35 million).
DEFAULT_MAX_PIXELS = 40_000_000
#: Bytes a colour pixel takes in Pillow: the unit the limit is counted in.
_LIMIT_BYTES = 4
#: Bytes per pixel Pillow holds for the modes smaller than colour.
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
#: Bytes per pixel a decoder holds beside Pillow's copy (bench/image_memory.py
#: measures 16 in all for WebP, 9-12 for AVIF): libwebp draws each frame into a
#: canvas of its own, libavif decodes to YUV planes and an RGB buffer first.
_DECODER_BYTES = {"WEBP": 12, "AVIF": 8}
#: A progressive JPEG keeps every DCT coefficient of the whole picture, 2 bytes
#: per sample, however small libjpeg is asked to draw it.
_COEFFICIENT_BYTES = 2
#: Shrink in two steps: a box reduce() by a whole factor to at least this many
#: times the final size, then Lanczos (Pillow's own thumbnail() default).
REDUCING_GAP = 2.0
#: Pixels converted and reduced at a time, so no second full-size copy exists.
_STRIP_PIXELS = 1 << 20


def make_thumbnail(
    src: str | os.PathLike, dest: str | os.PathLike, max_size: int = 480,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> tuple[int, int]:
    """Write an upright RGB JPEG thumbnail of src to dest and return its size.

    Memory stays within what `max_pixels` allows (see :func:`check_size`),
    whatever the picture: a JPEG is decoded at reduced scale, and the
    decoded picture is shrunk a strip at a time.
    """
    with open_image(src, max_pixels) as im:
        thumb = fitted(im, max_size, max_pixels)
    _save_atomic(thumb, Path(dest))
    return thumb.size


def check_size(src: str | os.PathLike, max_pixels: int = DEFAULT_MAX_PIXELS,
               max_size: int = 480) -> None:
    """Refuse (ImageError, in Thai) a picture too big to thumbnail; read only its header.

    Called before an upload stores anything.  What counts is the memory its
    decoder needs, in units of colour pixels (4 bytes): a colour PNG or TIFF
    counts its pixels, a greyscale or palette one a quarter of them, a JPEG
    only what libjpeg draws at 1/2-1/8 scale (plus the coefficients of a
    progressive one), a WebP or AVIF three to four times its pixels.
    """
    with open_image(src, max_pixels) as im:
        _prepare(im, _fit(im.size, max_size), "RGB", max_pixels)


def fitted(im: Image.Image, max_side: int, max_pixels: int = DEFAULT_MAX_PIXELS,
           mode: str = "RGB") -> Image.Image:
    """Decode an opened picture to fit max_side pixels: upright, on white, in `mode` (RGB or L).

    For plugins too (OCR reads photos with it).  Call it on a picture from
    :func:`open_image` before anything has decoded it; it raises ImageError
    (Thai message) if the picture is over the limit or its pixels are broken.
    """
    orientation = _orientation(im)
    target = _fit(im.size, max_side)
    _prepare(im, target, mode, max_pixels)
    try:
        small = _shrunk(im, target, mode)
    except _DECODE_ERRORS as exc:
        raise ImageError("ไม่สามารถอ่านไฟล์รูปภาพได้ ไฟล์อาจเสียหาย") from exc
    method = _TRANSPOSE.get(orientation)
    return small.transpose(method) if method is not None else small


def save_preview(
    image: Image.Image, dest: str | os.PathLike, max_size: int = 480
) -> tuple[int, int]:
    """Write a picture a plugin drew (a PDF page, say) to dest as a JPEG preview; return its size.

    The picture is flattened onto white, shrunk to fit `max_size` and written
    whole or not at all, like a photo's thumbnail.
    """
    preview = _shrunk(image, _fit(image.size, max_size), "RGB")
    _save_atomic(preview, Path(dest))
    return preview.size


def image_info(src: str | os.PathLike) -> dict:
    """Return width and height as displayed, EXIF orientation and time taken (header only)."""
    with open_image(src) as im:
        width, height = im.size
        exif = _exif(im)
        try:
            exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        except _DECODE_ERRORS:
            exif_ifd = {}
        orientation = _orientation(im)
    if orientation in _SIDEWAYS:
        width, height = height, width
    return {
        "width": width,
        "height": height,
        "taken_at": _taken_at(exif_ifd),
        "orientation": orientation,
    }


@contextmanager
def open_image(src: str | os.PathLike,
               max_pixels: int = DEFAULT_MAX_PIXELS) -> Iterator[Image.Image]:
    """Open a picture in one of FORMATS, reading only its header; ImageError if it cannot be read.

    Pillow's own decompression-bomb check (a warning above
    ``Image.MAX_IMAGE_PIXELS``, 89 million, an error above twice that) still
    runs here; `max_pixels` only names our limit in its Thai message.
    """
    # Open the file ourselves so a missing or unreadable path raises its own
    # OSError instead of being reported as a bad image.
    with open(src, "rb") as fh:
        try:
            im = Image.open(fh, formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(_too_big_message(None, max_pixels, None)) from exc
        except _DECODE_ERRORS as exc:
            raise ImageError("ไฟล์นี้ไม่ใช่รูปภาพที่ระบบอ่านได้") from exc
        with im:
            yield im


def decode_bytes(im: Image.Image, header_size: tuple[int, int] | None = None) -> int:
    """Estimate the bytes decoding `im` (as drafted, if it was) needs at its peak.

    `header_size` is the size before ``draft()``; the decoders' own buffers
    are for the whole picture even when libjpeg draws it smaller.
    """
    width, height = header_size or im.size
    pixels = width * height
    cost = im.size[0] * im.size[1] * _MODE_BYTES.get(im.mode, 4)
    cost += pixels * _DECODER_BYTES.get(im.format or "", 0)
    if im.format in ("JPEG", "MPO") and im.info.get("progressive"):
        cost += pixels * _COEFFICIENT_BYTES * _jpeg_samples(im)
    if im.format == "TIFF":
        cost += _tiff_strip_bytes(im)
    return int(cost)


def _prepare(im: Image.Image, target: tuple[int, int], mode: str, max_pixels: int) -> None:
    """Ask libjpeg to decode near `target`, then refuse what would need more memory than allowed."""
    header_size = im.size
    # JPEG only (a no-op elsewhere): libjpeg decodes at 1/2, 1/4 or 1/8 scale,
    # and straight to grey when `mode` is L.
    im.draft(mode, (int(target[0] * REDUCING_GAP), int(target[1] * REDUCING_GAP)))
    cost = decode_bytes(im, header_size)
    budget = max_pixels * _LIMIT_BYTES
    if cost > budget:
        pixels = header_size[0] * header_size[1]
        # The limit for pictures like this one, in their own pixels.
        limit = budget * pixels // cost
        raise ImageError(_too_big_message(pixels, limit, im.format))


def _too_big_message(pixels: int | None, limit: int, image_format: str | None) -> str:
    """Return the Thai message for a picture over the limit, naming it in megapixels."""
    size = f" ({_megapixels(pixels)} ล้านพิกเซล)" if pixels else ""
    advice = ("กรุณาย่อขนาดภาพก่อนอัปโหลด" if image_format in ("JPEG", "MPO")
              else "กรุณาย่อขนาดภาพ หรือบันทึกเป็น JPEG ก่อนอัปโหลด")
    return (f"รูปภาพมีขนาดใหญ่เกินไป{size} ระบบรับรูปภาพแบบนี้ได้ไม่เกิน "
            f"{_megapixels(limit)} ล้านพิกเซล {advice}")


def _megapixels(pixels: int) -> str:
    """Write a pixel count in millions, with one decimal only where it matters (40, 13.3)."""
    millions = int(pixels / 100_000) / 10  # rounded down: never promise more than allowed
    return f"{millions:.0f}" if millions == int(millions) else f"{millions:.1f}"


def _jpeg_samples(im: Image.Image) -> float:
    """Return the samples per pixel a JPEG stores (1.5 for colour at 4:2:0, 3 at 4:4:4)."""
    layers = getattr(im, "layer", None) or [("", 1, 1, 0)]
    h_max = max(layer[1] for layer in layers) or 1
    v_max = max(layer[2] for layer in layers) or 1
    return sum(layer[1] * layer[2] for layer in layers) / (h_max * v_max)


def _tiff_strip_bytes(im: Image.Image) -> int:
    """Return the buffer libtiff reads one strip (or tile) of a compressed TIFF into.

    Many scanners write a whole page as one strip: then the buffer is as big
    as the picture (3 more bytes a pixel for colour).  Pillow decodes an
    uncompressed TIFF itself, with no such buffer.
    """
    compression = im.info.get("compression", "raw")
    if compression == "raw":
        return 0
    tags = im.tag_v2
    try:
        if 322 in tags and 323 in tags:  # TileWidth, TileLength
            width, rows = int(tags[322]), int(tags[323])
        else:  # RowsPerStrip
            width, rows = im.size[0], min(int(tags.get(278, im.size[1])), im.size[1])
        bits = tags.get(258, (8,))  # BitsPerSample, one per sample
        bits = sum(bits) if isinstance(bits, tuple) else int(bits) * int(tags.get(277, 1))
    except (TypeError, ValueError):  # tags no reader would accept: assume the worst
        width, rows, bits = im.size[0], im.size[1], 32
    # JPEG-compressed TIFFs are read through libtiff's RGBA interface.
    per_pixel = 4 if compression == "jpeg" else bits / 8
    return int(width * rows * per_pixel)


def _fit(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """Return `size` scaled down (never up) so its longer side is at most max_side."""
    width, height = size
    scale = min(1.0, max_side / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _shrunk(im: Image.Image, target: tuple[int, int], mode: str) -> Image.Image:
    """Return im on white in `mode` at `target` size, never holding a second full-size copy.

    Converting a big RGBA or palette picture whole (to put it on white) or
    resizing it (Pillow premultiplies alpha into a full copy) would double
    or triple the memory, so both happen a strip of rows at a time, each
    strip box-reduced by a whole factor before the final Lanczos step.
    """
    im.load()
    width, height = im.size
    factor = max(1, int(min(width / target[0], height / target[1]) / REDUCING_GAP))
    if im.mode == mode:  # nothing to convert: reduce() allocates only its small result
        reduced = im.reduce(factor) if factor > 1 else im.copy()
    else:
        reduced = Image.new(mode, (-(-width // factor), -(-height // factor)), "white")
        rows = max(1, _STRIP_PIXELS // max(width, 1)) // factor * factor or factor
        for top in range(0, height, rows):
            strip = _flatten(im.crop((0, top, width, min(top + rows, height))), mode)
            reduced.paste(strip.reduce(factor) if factor > 1 else strip, (0, top // factor))
    if reduced.size == target:
        return reduced
    box = (0, 0, width / factor, height / factor)
    return reduced.resize(target, Image.Resampling.LANCZOS, box=box)


def _flatten(im: Image.Image, mode: str = "RGB") -> Image.Image:
    """Convert to `mode`, putting transparent areas on white rather than black."""
    if im.mode in ("RGBA", "LA", "PA") or (
        im.mode == "P" and "transparency" in im.info
    ):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background if mode == "RGB" else background.convert(mode)
    return im.convert(mode)


def _exif(im: Image.Image) -> Image.Exif:
    """Return the picture's EXIF without decoding its pixels (empty if broken)."""
    # A PNG whose EXIF was not in its header would be decoded whole to look
    # for an eXIf chunk after the pixels: not worth a full decode here.
    if im.format == "PNG" and "exif" not in im.info:
        return Image.Exif()
    try:
        return im.getexif()
    except _DECODE_ERRORS:
        # Broken EXIF must not make a readable photo unusable.
        return Image.Exif()


def _orientation(im: Image.Image) -> int | None:
    """Return the EXIF orientation (1-8) or None."""
    orientation = _exif(im).get(_ORIENTATION)
    return orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else None


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
