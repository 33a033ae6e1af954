import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from evidence_archive.images import (ImageError, check_size, decode_bytes, image_info,
                                     make_thumbnail)

DATA = Path(__file__).parent / "data"
PHOTO = DATA / "photo-ktpn-1-2563.jpg"  # stored 1200x1600, EXIF Orientation 6


def save_image(path, size=(64, 48), mode="RGB", color="red", fmt=None, **params):
    Image.new(mode, size, color).save(path, fmt, **params)
    return path


def png_claiming(width, height):
    """Return a PNG whose header claims a size it never decodes."""

    def chunk(kind, body):
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_sideways_photo_thumbnail_is_upright(tmp_path):
    dest = tmp_path / "thumb.jpg"
    size = make_thumbnail(PHOTO, dest)
    with Image.open(dest) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.mode == "RGB"
        assert thumb.size == size == (480, 360)
        # Pixels are turned, so no Orientation tag may turn them again.
        assert 0x0112 not in thumb.getexif()
        # The photo's dark band sits at the bottom when upright; rotated the
        # wrong way it would be at the top or a side.
        gray = thumb.convert("L")
        w, h = gray.size
        top = ImageStat.Stat(gray.crop((0, 0, w, h // 2))).mean[0]
        bottom = ImageStat.Stat(gray.crop((0, h // 2, w, h))).mean[0]
        left = ImageStat.Stat(gray.crop((0, 0, w // 2, h))).mean[0]
        right = ImageStat.Stat(gray.crop((w // 2, 0, w, h))).mean[0]
    assert bottom < top - 30
    assert abs(left - right) < 15


def test_image_info_of_sideways_photo():
    assert image_info(PHOTO) == {
        "width": 1600,
        "height": 1200,
        "taken_at": "2020-05-15T10:21:33",
        "orientation": 6,
    }


def test_image_info_without_exif(tmp_path):
    path = save_image(tmp_path / "plain.png")
    assert image_info(path) == {
        "width": 64,
        "height": 48,
        "taken_at": None,
        "orientation": None,
    }


@pytest.mark.parametrize(
    "exif_time, offset, expected",
    [
        ("2021:01:02 03:04:05", None, "2021-01-02T03:04:05"),
        ("2021:01:02 03:04:05", "+07:00", "2021-01-02T03:04:05+07:00"),
        ("2021:01:02 03:04:05", "bogus", "2021-01-02T03:04:05"),
        ("0000:00:00 00:00:00", None, None),
        ("    :  :     :  :  ", None, None),
    ],
)
def test_taken_at(tmp_path, exif_time, offset, expected):
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = exif_time
    if offset:
        exif_ifd[0x9011] = offset
    path = save_image(tmp_path / "dated.jpg", exif=exif)
    assert image_info(path)["taken_at"] == expected


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_thumbnail_size_follows_orientation(tmp_path, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    src = save_image(tmp_path / "src.jpg", size=(200, 100), exif=exif)
    expected = (50, 100) if orientation in (6, 8) else (100, 50)
    assert make_thumbnail(src, tmp_path / "t.jpg", max_size=100) == expected
    info = image_info(src)
    assert (info["width"], info["height"]) == (expected[0] * 2, expected[1] * 2)
    assert info["orientation"] == orientation


def test_small_image_is_not_enlarged(tmp_path):
    src = save_image(tmp_path / "small.gif", size=(40, 30), mode="P", color=1)
    assert make_thumbnail(src, tmp_path / "t.jpg") == (40, 30)


def test_transparency_becomes_white(tmp_path):
    src = save_image(tmp_path / "clear.png", mode="RGBA", color=(255, 0, 0, 0))
    dest = tmp_path / "t.jpg"
    make_thumbnail(src, dest)
    with Image.open(dest) as thumb:
        r, g, b = thumb.getpixel((10, 10))
    assert min(r, g, b) > 245


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b"%PDF-1.7\n",
        # An EPS would reach Ghostscript if Pillow were allowed every format.
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",
        PHOTO.read_bytes()[:5000],
    ],
    ids=["empty", "text", "pdf", "eps", "truncated-jpeg"],
)
def test_bad_image_raises_image_error(tmp_path, data):
    src = tmp_path / "bad.jpg"
    src.write_bytes(data)
    dest = tmp_path / "out" / "t.jpg"
    dest.parent.mkdir()
    with pytest.raises(ImageError) as excinfo:
        make_thumbnail(src, dest)
    assert isinstance(excinfo.value, ValueError)
    assert "รูปภาพ" in str(excinfo.value)
    assert list(dest.parent.iterdir()) == []


def test_formats_outside_the_allowed_list_are_refused(tmp_path):
    # Pillow reads an EPS size from its header; we must not even do that.
    src = tmp_path / "a.eps"
    src.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    with pytest.raises(ImageError):
        image_info(src)


def test_bad_image_info_raises_image_error(tmp_path):
    src = tmp_path / "bad.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    with pytest.raises(ImageError):
        image_info(src)


def test_missing_file_is_not_an_image_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        make_thumbnail(tmp_path / "nowhere.jpg", tmp_path / "t.jpg")


def test_decompression_bomb_is_refused(tmp_path):
    src = tmp_path / "bomb.png"
    src.write_bytes(png_claiming(30_000, 30_000))
    with pytest.raises(ImageError, match="ใหญ่เกินไป"):
        make_thumbnail(src, tmp_path / "t.jpg")
    with pytest.raises(ImageError, match="ใหญ่เกินไป"):
        image_info(src)
    assert not (tmp_path / "t.jpg").exists()


def test_image_over_the_pixel_limit_is_refused(tmp_path):
    src = save_image(tmp_path / "big.png", size=(400, 400))
    with pytest.raises(ImageError, match="ใหญ่เกินไป") as excinfo:
        make_thumbnail(src, tmp_path / "t.jpg", max_size=50, max_pixels=100_000)
    assert "(0.1 ล้านพิกเซล)" in str(excinfo.value)
    assert "ไม่เกิน 0.1 ล้านพิกเซล" in str(excinfo.value)
    with pytest.raises(ImageError, match="ใหญ่เกินไป"):
        check_size(src, max_pixels=100_000)
    assert not (tmp_path / "t.jpg").exists()


def test_big_jpeg_is_decoded_at_reduced_scale(tmp_path):
    src = save_image(tmp_path / "big.jpg", size=(400, 400))
    # draft() decodes at 1/4 scale (twice the thumbnail, for a clean Lanczos
    # step), so the 160,000-pixel JPEG never exists in memory at full size.
    check_size(src, max_pixels=100_000, max_size=50)
    assert make_thumbnail(src, tmp_path / "t.jpg", max_size=50, max_pixels=100_000) == (50, 50)
    with Image.open(src) as im:
        im.draft("RGB", (100, 100))
        assert decode_bytes(im, (400, 400)) == 100 * 100 * 4


def test_grey_pictures_count_a_byte_a_pixel(tmp_path):
    src = save_image(tmp_path / "scan.png", size=(400, 400), mode="L", color=200)
    # 160,000 grey pixels take the memory of 40,000 colour ones.
    check_size(src, max_pixels=40_000)
    with pytest.raises(ImageError, match="ไม่เกิน 0.1 ล้านพิกเซล"):
        check_size(src, max_pixels=39_999)


@pytest.mark.parametrize("fmt, params, per_pixel", [
    ("WEBP", {}, 16),  # libwebp's canvas beside Pillow's copy
    ("JPEG", {"progressive": True, "subsampling": 0}, 4 + 2 * 3),  # coefficients, 4:4:4
    ("JPEG", {"progressive": True, "subsampling": 2}, 4 + 2 * 1.5),  # 4:2:0
    ("TIFF", {"compression": "tiff_lzw"}, 4 + 3),  # libtiff's buffer for the one strip
    ("TIFF", {}, 4),  # uncompressed: Pillow reads it with no buffer
])
def test_decoders_that_hold_more_count_more(tmp_path, fmt, params, per_pixel):
    src = save_image(tmp_path / f"big.{fmt.lower()}", size=(200, 100), fmt=fmt, **params)
    with Image.open(src) as im:
        assert decode_bytes(im) == 200 * 100 * per_pixel
    limit = int(200 * 100 * per_pixel / 4)
    check_size(src, max_pixels=limit, max_size=200)
    with pytest.raises(ImageError, match="ใหญ่เกินไป"):
        check_size(src, max_pixels=limit - 1, max_size=200)


def test_transparent_picture_is_shrunk_on_white_without_a_full_copy(tmp_path):
    src = save_image(tmp_path / "clear.png", size=(3000, 2000), mode="RGBA", color=(0, 0, 255, 0))
    dest = tmp_path / "t.jpg"
    assert make_thumbnail(src, dest, max_size=300) == (300, 200)
    with Image.open(dest) as thumb:
        assert min(thumb.getpixel((150, 100))) > 245


def test_image_info_reads_only_the_header_of_a_png(tmp_path):
    src = tmp_path / "claims.png"
    src.write_bytes(png_claiming(8000, 5000))  # 40 million pixels it never stores
    assert image_info(src)["width"] == 8000  # a full decode would raise: no pixel data


def test_thumbnail_replaces_atomically_and_leaves_no_temp_files(tmp_path):
    dest = tmp_path / "thumbs" / "photo.jpg"
    dest.parent.mkdir()
    dest.write_bytes(b"old thumbnail")
    make_thumbnail(PHOTO, dest)
    assert [p.name for p in dest.parent.iterdir()] == ["photo.jpg"]
    with Image.open(dest) as thumb:
        assert thumb.size == (480, 360)


def test_failed_save_keeps_the_old_thumbnail(tmp_path, monkeypatch):
    dest = tmp_path / "photo.jpg"
    dest.write_bytes(b"old thumbnail")

    def fail(self, fp, *args, **kwargs):
        fp.write(b"half a jpeg")
        raise OSError("disk full")

    monkeypatch.setattr(Image.Image, "save", fail)
    with pytest.raises(OSError, match="disk full"):
        make_thumbnail(PHOTO, dest)
    assert dest.read_bytes() == b"old thumbnail"
    assert [p.name for p in tmp_path.iterdir()] == ["photo.jpg"]


def test_source_is_left_untouched(tmp_path):
    src = tmp_path / "photo.jpg"
    shutil.copy(PHOTO, src)
    make_thumbnail(src, tmp_path / "t.jpg")
    assert src.read_bytes() == PHOTO.read_bytes()
