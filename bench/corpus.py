"""Generate a seeded corpus of ITA evidence that reads like an Educational Service Area Office's.

Used by ``bench/search.py``; run it alone to see what it makes::

    .venv/bin/python bench/corpus.py --items 20 --show 3

What it makes
-------------
Evidence *sets* (อ้างอิงชุด), each one activity of the office — a committee
meeting, a training, a supervision round, a procurement — in one category of
one fiscal year (2563–2568), holding 2–8 *items* of the five built-in types
(``meeting_invitation``, ``meeting_minutes``, ``activity_photos``,
``press_release``, ``appointment_order``) that describe that activity:
metadata as a user would type it (``ที่ ศธ 04290/1237``, ``ครั้งที่ 1/2563``,
``ที่ ๔๕/๒๕๖๓``, dates in พ.ศ., signers and attendees with positions,
committees ก.ต.ป.น./อ.ก.ค.ศ./กศจ., schools, venues, Zoom/Google Meet), a title,
and for letters, minutes, orders and news the text of their file: 1–3 pages
(about 2,000 characters a page).  Photos carry captions and a description but
no file text (their files are images).  About a third of orders and a tenth of
letters are written with Thai digits; one in fifty texts has zero-width spaces
between words, as text pasted from the web has.

Text comes from three sources mixed per paragraph: a small grammar over
hand-written domain word lists (622 entries, 706 distinct words, ≈1,100 with compounds:
education, meetings, budgets, procurement, supervision, ITA, personnel), a
bigram (Markov) model trained on the real samples in ``/work/shared/samples``
and ``/work/shared/ita`` plus grammar output, and the samples' own sentences.
Three real documents (the ก.ต.ป.น. invitation 1/2563, minutes 2/2563 and order
45/2563) are items of the corpus as they are.

Ground truth (for recall)
-------------------------
Every piece of text is generated as a sequence of *words* whose edges the
generator knows, and a word may be a compound whose *parts* it also knows
(written as U+E000 between words and U+E001 between parts, both removed from
the text it returns):

* hand-written entries are split where a Thai reader splits a compound into
  words: ``ห้อง|ประชุม``, ``ปี|งบ|ประมาณ``, ``ติด|ตาม``, ``ยา|เสพ|ติด``;
  grammar templates join such entries as separate words;
* numbers with slashes are one word (``1/2563``, ``04290/1237``) except that a
  circular's ``ว3694`` is a word of its own (``04349/`` + ``ว3694``, as people
  search for it); dotted abbreviations (``ก.ต.ป.น.``), Latin words and
  people's names are one word each; whitespace and punctuation are words too;
* text harvested from the samples was cut into words once, when this module
  builds its vocabulary, by PyThaiNLP ``newmm`` (so a harvested word is a word
  of PyThaiNLP's dictionary); where such a word is one of the hand-written
  compounds it gets that compound's parts.

A query string *Q* **occurs** in an item when, after normalising both (NFC, no
zero-width characters, Thai digits → Arabic, lower case), either

1. *Q* is the concatenation of one or more consecutive **whole words** of the
   item's text (a space in *Q* stands for any run of whitespace), or
2. *Q* has no space and is a run of consecutive **parts of one compound word**, or
3. *Q* has a space (a phrase) and begins and ends at word or part edges;

where the item's text is its title, metadata as typed, captions, file names,
file text, and its context (category path, อ้างอิงชุด N, set title,
ปีงบประมาณ, type name).  So ``ประชุม`` occurs in ห้อง|ประชุม and
การ|ประชุม; ``ติดตาม`` occurs in ติด|ตาม and in the two words ติด ตาม, but
not in ยา|เสพ|ติด followed by the word ตาม (ยาเสพติดตามกำหนด), and
``ประเมินผล`` not in the word ประเมิน followed by ผล|สัมฤทธิ์; ``1/2563`` does
not occur in ``11/2563``; ``ตา`` occurs nowhere in ติด|ตาม.  Nothing here
calls the archive's analyzer.  :class:`Truth` evaluates it; a query may list
several alternative strings (``ก.ต.ป.น.`` or ``กตปน``) and several required
ones (``ประชุม`` and ``zoom``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import random
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

B = "\ue000"  # word boundary inside generated strings (private use: not whitespace)
P = "\ue001"  # boundary between the parts of one compound word
SAMPLES = "/work/shared/samples"
ITA = "/work/shared/ita"
PAGE_CHARS = 2000
FIRST_YEAR, LAST_YEAR = 2563, 2568
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff\u2060]")
_THAI_DIGIT = re.compile("[๐-๙]")
TYPES = ("meeting_invitation", "meeting_minutes", "activity_photos", "press_release",
         "appointment_order")
TYPE_NAMES = {
    "meeting_invitation": "หนังสือเชิญประชุม", "meeting_minutes": "รายงานการประชุม",
    "activity_photos": "ภาพกิจกรรม", "press_release": "ข่าวประชาสัมพันธ์",
    "appointment_order": "คำสั่ง/ประกาศแต่งตั้ง",
}


def entry(text: str) -> str:
    """Mark a hand-written entry: ``|`` splits a compound into its parts, a space (or ``_``) splits words."""
    return text.replace("_", " ").replace("| |", " ").replace(" ", B + " " + B).replace("|", P)


def words(text: str) -> list[str]:
    """Split a word list written one entry per line or space (``_`` is a space inside an entry)."""
    return [entry(w) for w in text.split()]


# =========================================================================== vocabulary
# One entry per whitespace-separated token; ``|`` splits a compound into its words.

PROVINCES = words("""
อุบลราชธานี อำนาจเจริญ ศรีสะเกษ ยโสธร ร้อยเอ็ด มหาสารคาม ขอนแก่น อุดรธานี นครราชสีมา
บุรีรัมย์ สุรินทร์ ชัยภูมิ เลย หนองคาย สกลนคร นครพนม มุกดาหาร กาฬสินธุ์ เชียงใหม่ เชียงราย
ลำปาง ลำพูน แพร่ น่าน พะเยา พิษณุโลก สุโขทัย นครสวรรค์ สระบุรี ลพบุรี นครปฐม ราชบุรี
กาญจนบุรี เพชรบุรี ชลบุรี ระยอง จันทบุรี สงขลา ตรัง ภูเก็ต ยะลา ปัตตานี ตาก พังงา
""")
VILLAGES = words("""
หนอง|บัว โนน|สูง ดอน|ตาล นา|เจริญ หนอง|หิน ห้วย|ยาง โคก|กลาง หนอง|แวง นา|คำ ดง|เย็น
โพน|ทอง หัว|ดอน ท่า|ช้าง บุ่ง|ไหม โนน|สว่าง หนอง|ขอน บ้าน|แก่ง ดอน|มดแดง ตาล|สุม ศรี|เมือง
นา|ส่วง โพธิ์|ไทร คำ|เขื่อนแก้ว เขื่อง|ใน ม่วง|สามสิบ วาริน|ชำราบ พิบูล|มังสาหาร เดช|อุดม
น้ำ|ยืน บุณฑริก สิรินธร โขง|เจียม ตระการ|พืชผล กุด|ข้าวปุ้น ชานุมาน ปทุม|ราชวงศา หัวตะพาน
ลือ|อำนาจ เสนางคนิคม พนา หนอง|ไผ่ ป่า|ติ้ว กุด|ชุม ทุ่ง|ศรีอุดม นา|ตาล นา|เยีย สว่าง|วีระวงศ์
""")
SCHOOL_SUFFIXES = words("""
วิทยา วิทยาคม พิทยาคม ศึกษา วิทยาสรรพ์ ราษฎร์|บำรุง ประชา|สามัคคี วิทยาลัย พัฒนา|ศึกษา
""")
FAMOUS_SCHOOLS = words("""
เบ็ญจะมะ|มหาราช นารี|นุกูล ลือคำหาญ|วาริน|ชำราบ ศรี|ปทุม|พิทยาคม อำนาจ|เจริญ
เขื่องใน|พิทยาคาร ตระการ|พืชผล|วิทยา พิบูล|มังสาหาร|วิทยา เดชอุดม|วิทยา ปทุม|ราชวงศา
""")
FIRST_NAMES = words("""
สมชาย สมศักดิ์ ประเสริฐ วิชัย สุนทร อรุณี สมพร สุภาพ กนกวรรณ ธนพล ณัฐพล ปิยะนุช วราภรณ์
สุกัญญา อนุชา จักรพันธ์ พรทิพย์ นงลักษณ์ ศิริพร บุญเลิศ ทองดี สมหมาย ชัยวัฒน์ สุริยา ไพโรจน์
ธีระ วีระ กิตติ อำนาจ สุพัตรา รัตนา จันทร์เพ็ญ ดวงใจ เพ็ญศรี ศักดิ์ชัย ชาตรี สุรชัย อภิชาติ
ปรีชา ยุทธนา วิไลวรรณ อัมพร มาลี สายสุนีย์ ทิพวรรณ จิราพร ภัทรา นภาพร เกศินี สุดารัตน์ อรอุมา
พัชรี วันเพ็ญ เยาวลักษณ์ ธนวัฒน์ ศุภชัย ปกรณ์ เอกชัย สมบัติ บุญมี ทองใบ วิเชียร สำราญ
เกียรติศักดิ์ พิทักษ์ ชูชาติ ไพบูลย์ สมคิด กัญญารัตน์ ปวีณา ธิดารัตน์ อนุสรณ์ ณรงค์ ชนิดา
""")
SURNAMES = words("""
ศรีสุข บุญมา ใจงาม มีสุข แก้วมณี ใจดี สุขสวัสดิ์ ทองคำ พรหมวงศ์ ศรีวงศ์ แสงทอง บุญเรือง
จันทร์หอม คำแก้ว ทองประเสริฐ วงศ์สวัสดิ์ สายทอง พิมพ์ดี ศรีบุญเรือง อินทร์แก้ว ชัยมงคล
บุญประเสริฐ สมบูรณ์ รักษาศรี ภูมิพันธ์ นามวงศ์ พลศรี ไชยสุข โพธิ์ศรี ศรีประเสริฐ แสนสุข
บัวแก้ว ทองมา วงศ์ใหญ่ คำมูล ปัญญาดี หอมจันทร์ ดวงดี ศรีสมบูรณ์ จันทร์แก้ว สุวรรณรัตน์
เพชรรัตน์ ธรรมวงศ์ ปานทอง นาคสุข อุดมศักดิ์ ประทุมมา ศรีจันทร์ ไชยวงศ์ สีหาราช พันธ์โยธี
""")
TITLES_MALE = words("นาย นาย นาย นาย ดร. ว่าที่ร้อยตรี")
TITLES_FEMALE = words("นาง นางสาว นาง นางสาว ดร.")
FEMALE_NAMES = set(words("""
อรุณี สมพร กนกวรรณ ปิยะนุช วราภรณ์ สุกัญญา พรทิพย์ นงลักษณ์ ศิริพร สุพัตรา รัตนา จันทร์เพ็ญ
ดวงใจ เพ็ญศรี วิไลวรรณ อัมพร มาลี สายสุนีย์ ทิพวรรณ จิราพร ภัทรา นภาพร เกศินี สุดารัตน์ อรอุมา
พัชรี วันเพ็ญ เยาวลักษณ์ กัญญารัตน์ ปวีณา ธิดารัตน์ ชนิดา
"""))
POSITIONS = words("""
รอง|ผู้|อำนวย|การ|สำนักงาน|เขต|พื้นที่|การ|ศึกษา
ผู้|อำนวย|การ|กลุ่ม|นิเทศ|ติด|ตาม|และ|ประเมิน|ผล|การ|จัด|การ|ศึกษา
ผู้|อำนวย|การ|กลุ่ม|นโยบาย|และ|แผน ผู้|อำนวย|การ|กลุ่ม|บริหาร|งาน|บุคคล
ผู้|อำนวย|การ|กลุ่ม|บริหาร|งาน|การ|เงิน|และ|สินทรัพย์ ผู้|อำนวย|การ|กลุ่ม|อำนวย|การ
ผู้|อำนวย|การ|กลุ่ม|ส่งเสริม|การ|จัด|การ|ศึกษา ผู้|อำนวย|การ|กลุ่ม|พัฒนา|ครู|และ|บุคลากร|ทาง|การ|ศึกษา
ผู้|อำนวย|การ|หน่วย|ตรวจ|สอบ|ภายใน ศึกษา|นิเทศก์ ศึกษา|นิเทศก์|ชำนาญ|การ|พิเศษ ศึกษา|นิเทศก์|เชี่ยวชาญ
นัก|วิเคราะห์|นโยบาย|และ|แผน|ชำนาญ|การ นัก|วิชา|การ|ศึกษา นัก|ทรัพยากร|บุคคล|ชำนาญ|การ
นัก|วิชา|การ|เงิน|และ|บัญชี นัก|วิชา|การ|พัสดุ นัก|ประชาสัมพันธ์ นัก|จัด|การ|งาน|ทั่วไป
นัก|วิชา|การ|คอมพิวเตอร์ เจ้า|พนักงาน|ธุรการ ผู้|ทรง|คุณ|วุฒิ ครู|ชำนาญ|การ|พิเศษ ครู|ผู้|ช่วย
""")
DIRECTOR = entry("ผู้|อำนวย|การ|สำนัก|งาน|เขต|พื้นที่|การ|ศึกษา")
SCHOOL_DIRECTOR = entry("ผู้|อำนวย|การ|โรงเรียน")

# (full name, abbreviation as written, how it is spoken of in running text)
COMMITTEES = [
    ("คณะ|กรรมการ|ติด|ตาม| |ตรวจ|สอบ| |ประเมิน|ผล|และ|นิเทศ|การ|ศึกษา", "ก.ต.ป.น."),
    ("คณะ|อนุ|กรรมการ|ข้าราชการ|ครู|และ|บุคลากร|ทาง|การ|ศึกษา|เขต|พื้นที่|การ|ศึกษา", "อ.ก.ค.ศ."),
    ("คณะ|กรรมการ|ศึกษาธิการ|จังหวัด", "กศจ."),
    ("คณะ|กรรมการ|เขต|พื้นที่|การ|ศึกษา", "กพท."),
    ("คณะ|กรรมการ|บริหาร|ความ|เสี่ยง|และ|การ|ควบคุม|ภายใน", ""),
    ("คณะ|กรรมการ|ขับ|เคลื่อน|การ|ประเมิน|คุณธรรม|และ|ความ|โปร่งใส", "ITA"),
    ("คณะ|ทำ|งาน|จัด|ทำ|แผน|ปฏิบัติ|การ|ประจำ|ปี|งบ|ประมาณ", ""),
    ("คณะ|กรรมการ|ตรวจ|รับ|พัสดุ", ""),
    ("คณะ|กรรมการ|สถาน|ศึกษา|ขั้น|พื้นฐาน", ""),
    ("คณะ|กรรมการ|ดำเนิน|การ|สอบ|คัด|เลือก", ""),
    ("คณะ|ทำ|งาน|ขับ|เคลื่อน|สถาน|ศึกษา|ปลอด|ยา|เสพ|ติด", ""),
    ("คณะ|กรรมการ|พิจารณา|เลื่อน|เงิน|เดือน", ""),
]
COMMITTEES = [(entry(full), abbr) for full, abbr in COMMITTEES]
ROOMS = words("""
พรหม|วิหาร ราช|พฤกษ์ อินทนิล ชัย|พฤกษ์ ศรี|ตระกูล เบญจมาศ กัลปพฤกษ์ ราชาวดี ทองกวาว ลีลาวดี
""")
HOTELS = words("""
โรงแรม|ลายทอง โรงแรม|สุนีย์|แกรนด์ โรงแรม|ทองธารินทร์ โรงแรม|เจริญ|โฮเต็ล ศูนย์|ประชุม|มหาวิทยาลัย|อุบลราชธานี
""")
ONLINE = ["Zoom Meeting", "Google Meet", "Microsoft Teams", "Zoom"]
GROUPS = words("""
กลุ่ม|นิเทศ|_|ติด|ตาม|และ|ประเมิน|ผล|การ|จัด|การ|ศึกษา กลุ่ม|อำนวย|การ กลุ่ม|นโยบาย|และ|แผน
กลุ่ม|บริหาร|งาน|บุคคล กลุ่ม|บริหาร|งาน|การ|เงิน|และ|สินทรัพย์ กลุ่ม|ส่งเสริม|การ|จัด|การ|ศึกษา
กลุ่ม|พัฒนา|ครู|และ|บุคลากร|ทาง|การ|ศึกษา กลุ่ม|ส่งเสริม|การ|ศึกษา|ทาง|ไกล|เทคโนโลยี|สารสนเทศ|และ|การ|สื่อสาร
หน่วย|ตรวจ|สอบ|ภายใน กลุ่ม|กฎหมาย|และ|คดี
""")

# Noun phrases: what the office plans, runs, checks and reports on.
NOUNS = words("""
การ|จัด|การ|ศึกษา คุณภาพ|การ|ศึกษา การ|ศึกษา|ขั้น|พื้นฐาน การ|เรียน|การ|สอน การ|เรียน|รู้
แผน|การ|จัด|การ|เรียน|รู้ หลักสูตร|สถาน|ศึกษา หลักสูตร|ท้อง|ถิ่น สื่อ|การ|เรียน|รู้ นวัตกรรม|การ|ศึกษา
เทคโนโลยี|ดิจิทัล ทักษะ|การ|อ่าน|ออก|เขียน|ได้ ทักษะ|การ|คิด|วิเคราะห์ สมรรถนะ|ผู้|เรียน
คุณลักษณะ|อัน|พึง|ประสงค์ ผล|สัมฤทธิ์|ทาง|การ|เรียน ผล|การ|ทดสอบ|ระดับ|ชาติ การ|ทดสอบ|ทาง|การ|ศึกษา
การ|ประกัน|คุณภาพ|ภายใน มาตรฐาน|การ|ศึกษา รายงาน|การ|ประเมิน|ตนเอง ห้อง|สมุด|โรงเรียน อาคาร|เรียน
ทุน|การ|ศึกษา นัก|เรียน|ยากจน การ|ศึกษา|พิเศษ การ|เรียน|รวม การ|ศึกษา|ปฐมวัย กิจกรรม|พัฒนา|ผู้|เรียน
กิจกรรม|ลูกเสือ|เนตรนารี ยุว|กาชาด กิจกรรม|แนะแนว ระบบ|ดูแล|ช่วย|เหลือ|นัก|เรียน การ|เยี่ยม|บ้าน|นัก|เรียน
การ|นิเทศ|ภายใน การ|นิเทศ|การ|ศึกษา การ|นิเทศ|ติด|ตาม แผน|การ|นิเทศ ปฏิทิน|การ|นิเทศ
เครื่อง|มือ|นิเทศ การ|ติด|ตาม|ผล การ|ตรวจ|เยี่ยม|สถาน|ศึกษา การ|ประเมิน|ผล|การ|ดำเนิน|งาน ตัว|ชี้|วัด
เกณฑ์|การ|ประเมิน แบบ|ประเมิน|ความ|พึง|พอใจ แบบ|สอบ|ถาม ข้อ|เสนอ|แนะ ข้อ|ค้น|พบ จุด|ที่|ควร|พัฒนา
การ|วิจัย|ใน|ชั้น|เรียน ชุมชน|แห่ง|การ|เรียน|รู้|ทาง|วิชาชีพ การ|สะท้อน|ผล|การ|ปฏิบัติ|งาน
รายงาน|ผล|การ|ดำเนิน|งาน รายงาน|ผล|การ|นิเทศ สรุป|ผล|การ|ประเมิน ระเบียบ|วาระ|การ|ประชุม
รายงาน|การ|ประชุม มติ|ที่|ประชุม การ|ประชุม|เชิง|ปฏิบัติ|การ การ|อบรม|เชิง|ปฏิบัติ|การ การ|สัมมนา
การ|ประชุม|ทาง|ไกล การ|ประชุม|ออนไลน์ งบ|ประมาณ งบ|ประมาณ|รายจ่าย|ประจำ|ปี งบ|ดำเนิน|งาน
งบ|ลงทุน เงิน|อุดหนุน เงิน|นอก|งบ|ประมาณ ค่า|ใช้|จ่าย|ใน|การ|เดิน|ทาง|ไป|ราชการ ค่า|ตอบ|แทน
ค่า|เบี้ย|เลี้ยง ค่า|ที่|พัก ค่า|อาหาร|ว่าง|และ|เครื่อง|ดื่ม การ|เบิก|จ่าย|งบ|ประมาณ
การ|จัด|ซื้อ|จัด|จ้าง พัสดุ ครุภัณฑ์|การ|ศึกษา วัสดุ|สำนักงาน ราคา|กลาง การ|ตรวจ|รับ|พัสดุ
การ|เงิน|และ|บัญชี แผน|การ|ใช้|จ่าย|งบ|ประมาณ แผน|ปฏิบัติ|การ|ประจำ|ปี แผน|พัฒนา|การ|ศึกษา
แผน|ยุทธศาสตร์ กลยุทธ์ ตัว|ชี้|วัด|ความ|สำเร็จ เป้า|หมาย วัตถุ|ประสงค์ ผล|ผลิต ผล|ลัพธ์ โครงการ
คุณธรรม|และ|ความ|โปร่งใส การ|เปิด|เผย|ข้อมูล การ|ป้องกัน|การ|ทุจริต ผล|ประโยชน์|ทับ|ซ้อน
การ|มี|ส่วน|ร่วม ผู้|มี|ส่วน|ได้|ส่วน|เสีย ข้อ|ร้องเรียน ช่อง|ทาง|การ|ร้องเรียน ความ|พึง|พอใจ
การ|ให้|บริการ คู่มือ|การ|ปฏิบัติ|งาน มาตรฐาน|การ|ให้|บริการ ประมวล|จริยธรรม วินัย|ข้าราชการ
ธรรมาภิบาล การ|บริหาร|ความ|เสี่ยง การ|ควบคุม|ภายใน การ|ตรวจ|สอบ|ภายใน เขต|สุจริต โรงเรียน|สุจริต
การ|บริหาร|งาน|บุคคล การ|บรรจุ|และ|แต่ง|ตั้ง การ|ย้าย|ข้าราชการ|ครู การ|เลื่อน|เงิน|เดือน
วิทย|ฐานะ|ชำนาญ|การ|พิเศษ การ|ประเมิน|ผล|การ|ปฏิบัติ|งาน อัตรา|กำลัง|ครู ครู|อัตรา|จ้าง
พนักงาน|ราชการ สวัสดิการ|ข้าราชการ การ|พัฒนา|ครู|และ|บุคลากร|ทาง|การ|ศึกษา การ|พัฒนา|ตนเอง
มาตรการ|ป้องกัน|โรค|ติด|เชื้อ|ไวรัส|โคโรนา การ|แพร่|ระบาด การ|เว้น|ระยะ|ห่าง การ|ฉีด|วัคซีน
สถาน|ศึกษา|ปลอด|ยา|เสพ|ติด การ|ป้องกัน|ยา|เสพ|ติด อาหาร|กลาง|วัน อาหาร|เสริม|นม
ความ|ปลอดภัย|ของ|นัก|เรียน ภัย|พิบัติ การ|จราจร ระบบ|สารสนเทศ เว็บไซต์|ของ|หน่วย|งาน
ข่าว|ประชาสัมพันธ์ การ|ประชาสัมพันธ์ หนังสือ|ราชการ งาน|สาร|บรรณ ระบบ|สาร|บรรณ|อิเล็กทรอนิกส์
ข้อมูล|สารสนเทศ|ทาง|การ|ศึกษา สำมะโน|นัก|เรียน ข้อมูล|นัก|เรียน|รายบุคคล การ|รับ|นัก|เรียน
การ|สอบ|ธรรม|ศึกษา การ|แข่งขัน|ทักษะ|วิชาการ งาน|ศิลปหัตถกรรม|นัก|เรียน การ|เรียน|ภาษา|อังกฤษ
การ|สอน|คณิตศาสตร์ การ|สอน|วิทยาศาสตร์ การ|สอน|ภาษา|ไทย ประวัติศาสตร์|ท้อง|ถิ่น ศิลปะ|และ|ดนตรี
พล|ศึกษา สุข|ศึกษา การ|งาน|อาชีพ การ|ศึกษา|เพื่อ|การ|มี|งาน|ทำ ทวิ|ศึกษา สะเต็ม|ศึกษา
โรงเรียน|คุณภาพ|ของ|ชุมชน โรงเรียน|ขนาด|เล็ก การ|ควบ|รวม|สถาน|ศึกษา เครือข่าย|สถาน|ศึกษา
ศูนย์|พัฒนา|คุณภาพ|การ|ศึกษา ห้อง|เรียน|คุณภาพ ห้อง|ปฏิบัติ|การ|วิทยาศาสตร์ ห้อง|คอมพิวเตอร์
การ|ซ่อม|แซม|อาคาร ภูมิ|ทัศน์|โรงเรียน ความ|เข้ม|แข็ง|ของ|ชุมชน ภาคี|เครือข่าย ปราชญ์|ชาว|บ้าน
""")
# Transitive verbs: the office ___ something.
VERBS = words("""
ดำเนิน|การ จัด|ทำ ส่ง|เสริม สนับสนุน พัฒนา ปรับปรุง ติด|ตาม ตรวจ|สอบ ประเมิน นิเทศ ขับ|เคลื่อน
วิเคราะห์ สังเคราะห์ สรุป รายงาน เผย|แพร่ ทบทวน กำกับ|ติด|ตาม วาง|แผน ประสาน|งาน จัด|สรร
เบิก|จ่าย จัด|ซื้อ อนุมัติ พิจารณา ยก|ระดับ ส่ง|ต่อ บูรณา|การ ยกร่าง ปรับ|แก้ จัด|เก็บ บันทึก
สำรวจ ศึกษา|ดู|งาน ตรวจ|เยี่ยม สอบ|ทาน ชี้|แจง เสนอ มอบ|หมาย แต่ง|ตั้ง กลั่น|กรอง สร้าง|ความ|เข้าใจ|เรื่อง
""")
SUBJECTS = words("""
สำนัก|งาน|เขต|พื้นที่|การ|ศึกษา ที่|ประชุม คณะ|กรรมการ คณะ|ทำ|งาน ศึกษา|นิเทศก์ ผู้|บริหาร|สถาน|ศึกษา
สถาน|ศึกษา|ใน|สังกัด ครู|และ|บุคลากร|ทาง|การ|ศึกษา เจ้า|หน้า|ที่|ผู้|รับ|ผิด|ชอบ ประธาน|กรรมการ
กลุ่ม|งาน|ที่|เกี่ยว|ข้อง หน่วย|งาน|ภาย|นอก โรงเรียน|เครือข่าย คณะ|ทำ|งาน|ระดับ|เขต|พื้นที่
""")
ADVERBIALS = words("""
อย่าง|มี|ประสิทธิภาพ อย่าง|ต่อ|เนื่อง อย่าง|เป็น|ระบบ ตาม|ระเบียบ|ที่|เกี่ยว|ข้อง ตาม|ที่|ได้|รับ|มอบ|หมาย
ให้|เป็น|ไป|ตาม|แผน ให้|แล้ว|เสร็จ|ตาม|กำหนด|เวลา ด้วย|ความ|เรียบ|ร้อย อย่าง|โปร่งใส|และ|ตรวจ|สอบ|ได้
ทุก|ภาค|เรียน เป็น|ประจำ|ทุก|เดือน ทั้ง|ใน|รูป|แบบ|ออนไลน์|และ|ออนไซต์ ตาม|บริบท|ของ|แต่|ละ|โรงเรียน
โดย|ยึด|ผู้|เรียน|เป็น|สำคัญ อย่าง|ทั่ว|ถึง|และ|เท่า|เทียม ภาย|ใน|ระยะ|เวลา|ที่|กำหนด
""")
PURPOSES = words("""
เพื่อ|ให้|การ|ดำเนิน|งาน|บรรลุ|เป้า|หมาย เพื่อ|ยก|ระดับ|ผล|สัมฤทธิ์|ทาง|การ|เรียน เพื่อ|พัฒนา|คุณภาพ|ผู้|เรียน
เพื่อ|ใช้|เป็น|แนว|ทาง|ใน|การ|ปฏิบัติ|งาน เพื่อ|ให้|เกิด|ความ|โปร่งใส|และ|ตรวจ|สอบ|ได้ เพื่อ|แลก|เปลี่ยน|เรียน|รู้
เพื่อ|รับ|ฟัง|ความ|คิด|เห็น|ของ|ผู้|มี|ส่วน|ได้|ส่วน|เสีย เพื่อ|นำ|ผล|ไป|ปรับ|ปรุง|การ|ดำเนิน|งาน
เพื่อ|สร้าง|ความ|ตระหนัก|ให้|แก่|บุคลากร เพื่อ|ให้|การ|ใช้|จ่าย|งบ|ประมาณ|เป็น|ไป|อย่าง|คุ้ม|ค่า
เพื่อ|ป้องกัน|การ|ทุจริต|และ|ประพฤติ|มิชอบ เพื่อ|เตรียม|ความ|พร้อม|ก่อน|เปิด|ภาค|เรียน
""")
CONNECTIVES = words("""
และ ตลอด|จน รวม|ทั้ง นอก|จาก|นี้ ทั้ง|นี้ โดย ซึ่ง ดัง|นั้น อีก|ทั้ง ประกอบ|กับ
""")
AGENDA_HEADS = words("""
เรื่อง|ที่|ประธาน|แจ้ง|ให้|ที่|ประชุม|ทราบ รับ|รอง|รายงาน|การ|ประชุม เรื่อง|สืบ|เนื่อง เรื่อง|เพื่อ|ทราบ
เรื่อง|เพื่อ|พิจารณา เรื่อง|อื่น|ๆ
""")
RESOLUTIONS = words("""
รับ|ทราบ เห็น|ชอบ เห็น|ชอบ|ตาม|ที่|เสนอ อนุมัติ เห็น|ชอบ|โดย|มี|ข้อ|เสนอ|แนะ รับ|รอง|โดย|ไม่|มี|การ|แก้|ไข
มอบ|หมาย|กลุ่ม|งาน|ที่|เกี่ยว|ข้อง|ดำเนิน|การ ให้|นำ|ไป|ปรับ|ปรุง|แล้ว|เสนอ|ใน|การ|ประชุม|ครั้ง|ต่อ|ไป
""")
ACTIVITIES = words("""
การ|ประชุม|เชิง|ปฏิบัติ|การ|จัด|ทำ|แผน|ปฏิบัติ|การ|ประจำ|ปี|งบ|ประมาณ
การ|อบรม|พัฒนา|ครู|ด้าน|การ|จัด|การ|เรียน|รู้|เชิง|รุก การ|นิเทศ|ติด|ตาม|การ|จัด|การ|เรียน|การ|สอน
การ|ประชุม|ผู้|บริหาร|สถาน|ศึกษา การ|ประกวด|นวัตกรรม|การ|เรียน|รู้ การ|แข่งขัน|ทักษะ|วิชาการ
การ|ตรวจ|เยี่ยม|สนาม|สอบ การ|รับ|ฟัง|ความ|คิด|เห็น|ผู้|มี|ส่วน|ได้|ส่วน|เสีย
การ|ประชุม|สร้าง|ความ|เข้าใจ|การ|ประเมิน|คุณธรรม|และ|ความ|โปร่งใส การ|อบรม|การ|จัด|ซื้อ|จัด|จ้าง
กิจกรรม|วัน|ต่อต้าน|คอร์รัปชัน|สากล กิจกรรม|เขต|สุจริต การ|ประชุม|ชี้|แจง|การ|ใช้|จ่าย|งบ|ประมาณ
การ|สัมมนา|แลก|เปลี่ยน|เรียน|รู้|ชุมชน|แห่ง|การ|เรียน|รู้ การ|ประชุม|ปฏิบัติ|การ|วิเคราะห์|ผล|การ|ทดสอบ
การ|ประชุม|คณะ|กรรมการ|ติด|ตาม|การ|ใช้|งบ|ประมาณ การ|ประเมิน|ผล|การ|ปฏิบัติ|งาน|ครู
การ|อบรม|ลูกเสือ|ต่อต้าน|ยา|เสพ|ติด การ|ซ้อม|แผน|อพยพ|หนี|ไฟ การ|ประชุม|ทาง|ไกล|ผ่าน|ระบบ|ออนไลน์
การ|มอบ|ทุน|การ|ศึกษา การ|ประชุม|โครงการ|โรงเรียน|คุณภาพ|ของ|ชุมชน
""")
PLACE_WORDS = words("""
อำเภอ|เมือง ถนน|แจ้ง|สนิท ถนน|ชยางกูร ตำบล|ในเมือง ตำบล|แจระแม ถนน|สรรพสิทธิ์
""")
MONTHS = words("""
มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม
""")
WEEKDAYS = words("วัน|จันทร์ วัน|อังคาร วัน|พุธ วัน|พฤหัสบดี วัน|ศุกร์ วัน|เสาร์ วัน|อาทิตย์")
ENGLISH = ["ITA", "OIT", "Facebook", "LINE", "YouTube", "Google Form", "Google Drive", "Zoom",
           "Google Meet", "O-NET", "NT", "RT", "PLC", "Active Learning", "DLTV", "OBEC", "e-GP",
           "QR Code", "Microsoft Teams", "STEM", "Coding", "PISA"]
CHANNELS = ["เว็บไซต์หน่วยงาน", "Facebook", "LINE", "หนังสือพิมพ์", "วิทยุ/โทรทัศน์"]
OIT_EXTRA = ["ข่าวประชาสัมพันธ์", "แผนดำเนินงานประจำปี", "รายงานการกำกับติดตามการดำเนินงาน ประจำปี รอบ 6 เดือน",
             "รายงานผลการดำเนินงานประจำปี", "คู่มือหรือมาตรฐานการปฏิบัติงาน", "แผนการจัดซื้อจัดจ้าง",
             "รายงานผลการจัดซื้อจัดจ้าง", "นโยบายการบริหารทรัพยากรบุคคล", "การดำเนินการเพื่อจัดการเรื่องร้องเรียนการทุจริต",
             "การเสริมสร้างวัฒนธรรมองค์กร", "แผนปฏิบัติการป้องกันการทุจริต", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]
PARTICIPATION_STAGES = ["การร่วมวางแผน", "การร่วมดำเนินการ", "การร่วมติดตามและประเมินผล",
                        "การร่วมปรับปรุงและพัฒนาการดำเนินงาน"]

AGENCY = entry("สำนัก|งาน|เขต|พื้นที่|การ|ศึกษา|มัธยม|ศึกษา|อุบลราชธานี| |อำนาจเจริญ")
AGENCY_OLD = entry("สำนัก|งาน|เขต|พื้นที่|การ|ศึกษา|มัธยม|ศึกษา| |เขต| |29")
AGENCY_SHORT = "สพม." + B + "29"
AGENCY_CODE = "04290"  # ที่ ศธ 04290/...
OFFICE_CODES = ["04290", "04349", "04002", "04291", "04007", "04010"]
#: Circular letters (หนังสือเวียน) of the ministry that many letters cite or forward.
CIRCULARS = ["04349/ว3694", "04009/ว1456", "04002/ว2217", "04006/ว1803", "04349/ว0512", "04010/ว4125",
             "04002/ว3106", "04009/ว0987", "04349/ว2731", "04006/ว0078", "04002/ว1559", "04010/ว2840"]


# =========================================================================== the samples

_PRE = re.compile(
    r"(?P<abbr>(?:[\u0e01-\u0e2e]{1,4}[\u0e31-\u0e3a\u0e47-\u0e4e]*\.){2,})"
    r"|(?P<num>[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*(?:/(?:ว)?[0-9๐-๙]+)*)"
    r"|(?P<latin>[A-Za-z][A-Za-z0-9&'-]*)"
    r"|(?P<thai>[\u0e01-\u0e4e]+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)", re.DOTALL)


@lru_cache(maxsize=1)
def _compound_splits() -> dict[str, str]:
    """Map each hand-written compound (plain) to its split form, for harvested atoms."""
    found: dict[str, str] = {}
    lists = [PROVINCES, VILLAGES, SCHOOL_SUFFIXES, FAMOUS_SCHOOLS, POSITIONS, ROOMS, HOTELS, GROUPS,
             NOUNS, VERBS, SUBJECTS, ADVERBIALS, PURPOSES, CONNECTIVES, AGENDA_HEADS, RESOLUTIONS,
             ACTIVITIES, PLACE_WORDS, WEEKDAYS, [c for c, _ in COMMITTEES], [AGENCY, DIRECTOR]]
    for marked in (e for group in lists for e in group):
        for word in marked.split(B):
            parts = word.split(P)
            # every run of two or more consecutive parts is a compound we know how to split
            for i in range(len(parts)):
                for k in range(i + 2, len(parts) + 1):
                    found.setdefault("".join(parts[i:k]), P.join(parts[i:k]))
    return found


def segment(text: str) -> str:
    """Cut real text into atoms once (PyThaiNLP newmm for Thai runs); return it with B between atoms."""
    from pythainlp.tokenize import word_tokenize

    splits = _compound_splits()
    out: list[str] = []
    for m in _PRE.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "thai":
            out.extend(splits.get(w, w) for w in word_tokenize(token, engine="newmm",
                                                               keep_whitespace=False))
        elif kind == "space":
            out.append(" " if "\n" not in token else "\n")
        else:
            out.append(token)
    return B.join(out)


@lru_cache(maxsize=1)
def harvested() -> tuple[list[str], list[list[str]]]:
    """Return the samples' sentences (atoms joined by B) and their atom lists for the bigram model."""
    texts = [Path(p).read_text("utf-8") for p in sorted(glob.glob(f"{SAMPLES}/*.txt"))]
    for path in sorted(glob.glob(f"{ITA}/*.json")):
        data = json.loads(Path(path).read_text("utf-8"))
        for item in data.get("items", []):
            texts.append(" ".join([item.get("name", ""), item.get("group", ""), *item.get("elements", [])]))
    sentences = []
    for text in texts:
        for chunk in re.split(r"\n\s*|\s{2,}", text):
            chunk = chunk.strip()
            if len(chunk) >= 25 and re.search("[\u0e01-\u0e2e]{4}", chunk):
                sentences.append(segment(chunk))
    return sentences, [s.split(B) for s in sentences]


# =========================================================================== text building

class Bigram:
    """A first-order Markov chain over atoms (spaces included)."""

    def __init__(self, sequences: Iterable[list[str]]):
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for seq in sequences:
            seq = [a for a in seq if a]
            if len(seq) < 3:
                continue
            self.starts.append(seq[0])
            for a, b in pairwise(seq):
                self.next.setdefault(a, []).append(b)
            self.next.setdefault(seq[-1], []).append("")

    def sentence(self, rng: random.Random, min_atoms: int = 8, max_atoms: int = 40) -> str:
        atom = rng.choice(self.starts)
        out = [atom]
        while len(out) < max_atoms:
            choices = self.next.get(atom)
            if not choices:
                break
            atom = rng.choice(choices)
            if not atom:
                if len(out) >= min_atoms:
                    break
                atom = rng.choice(self.starts)
                out.append(" ")
            out.append(atom)
        while out and out[-1] in (" ", "\n"):
            out.pop()
        return B.join(out)


def j(*parts: str) -> str:
    """Join atoms or atom strings with boundaries (empty parts dropped)."""
    return B.join(p for p in parts if p)


def num(n: int | str) -> str:
    return str(n)


def plain(text: str) -> str:
    return text.replace(B, "").replace(P, "")


def normalise(text: str) -> str:
    """Normalise text for ground truth: NFC, no zero-width characters, Arabic digits, lower case."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _THAI_DIGIT.search(text):  # str.translate is slow; most text has no Thai digits
        text = text.translate(ARABIC_DIGITS)
    return ZERO_WIDTH.sub("", text).lower()


@dataclass
class Person:
    name: str  # with title, atoms
    position: str

    @property
    def raw(self) -> str:
        return f"{plain(self.name)} | {plain(self.position)}"


class Writer:
    """Random pieces of an office's documents for one evidence set (one rng per set)."""

    def __init__(self, rng: random.Random, bigram: Bigram, sentences: list[str]):
        self.rng, self.bigram, self.sentences = rng, bigram, sentences

    # ------------------------------------------------------------- small pieces
    def pick(self, seq):
        return self.rng.choice(seq)

    def person(self, position: str | None = None) -> Person:
        first = self.pick(FIRST_NAMES)
        titles = TITLES_FEMALE if first in FEMALE_NAMES else TITLES_MALE
        title = self.pick(titles)
        name = j(title, first) + B + " " + B + self.pick(SURNAMES)
        return Person(name, position or self.pick(POSITIONS))

    def school(self) -> str:
        if self.rng.random() < 0.25:
            return j("โรงเรียน", self.pick(FAMOUS_SCHOOLS))
        return j("โรงเรียน", self.pick(VILLAGES), self.pick(SCHOOL_SUFFIXES))

    def venue(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return j("ห้อง", "ประชุม", self.pick(ROOMS), " ", AGENCY if self.rng.random() < 0.7 else AGENCY_OLD)
        if r < 0.6:
            return j("หอ", "ประชุม", self.school())
        if r < 0.7:
            return j("ห้อง", "ประชุม", self.school())
        if r < 0.8:
            return j(self.pick(HOTELS), " ", "จังหวัด", self.pick(PROVINCES[:3]))
        return j("ผ่าน", "ระบบ", "ประชุม", "ออนไลน์", " ", *_latin(self.pick(ONLINE)))

    def noun(self) -> str:
        n = self.pick(NOUNS)
        r = self.rng.random()
        if r < 0.15:
            return j(n, "ของ", self.school())
        if r < 0.25:
            return j(n, "ประจำ", "ปี", "งบ", "ประมาณ") + B + " " + B + num(self.year)
        if r < 0.32:
            return j(n, "ใน", "สังกัด")
        if r < 0.36:
            return j(n, " ", "(", *_latin(self.pick(ENGLISH)), ")")
        return n

    # ------------------------------------------------------------- dates and numbers
    def date_in_year(self, fiscal: int) -> dt.date:
        start = dt.date(fiscal - 543 - 1, 10, 1)
        return start + dt.timedelta(days=self.rng.randrange(0, 365))

    def thai_date(self, d: dt.date, weekday: bool = False) -> str:
        text = j(num(d.day), " ", MONTHS[d.month - 1], " ", num(d.year + 543))
        if weekday:
            text = j(WEEKDAYS[d.weekday()], "ที่", " ", text)
        return text

    def time(self) -> str:
        return j(self.pick(["08.30", "09.00", "09.30", "10.00", "13.00", "13.30"]), " ", "น.")

    # ------------------------------------------------------------- sentences
    def grammar_sentence(self) -> str:
        r = self.rng.random()
        s, v, o = self.pick(SUBJECTS), self.pick(VERBS), self.noun()
        if r < 0.18:
            return j(s, "ได้", v, o, " ", self.pick(ADVERBIALS))
        if r < 0.33:
            return j(s, v, o, " ", self.pick(PURPOSES))
        if r < 0.42:
            p = self.person()
            return j("โดย", "มี", p.name, " ", p.position, " ", "เป็น", "ประธาน")
        if r < 0.52:
            return j("ที่", "ประชุม", "ได้", "พิจารณา", o, " ", "และ", "มี", "มติ", self.pick(RESOLUTIONS))
        if r < 0.6:
            return j("ผล", "การ", v, o, " ", "พบ", "ว่า", " ", self.pick(NOUNS), "อยู่", "ใน", "ระดับ",
                     self.pick(["ดี", "ดีมาก", "ปานกลาง", "ดีเยี่ยม"]), " ", "คิด", "เป็น", "ร้อยละ", " ",
                     f"{self.rng.randint(60, 99)}.{self.rng.randint(0, 99):02d}")
        if r < 0.67:
            return j("มี", "ผู้", "เข้า", "ร่วม", self.pick(ACTIVITIES), " ", "จำนวน", " ",
                     num(self.rng.randint(12, 480)), " ", "คน")
        if r < 0.74:
            amount = f"{self.rng.randint(5, 950) * 1000:,}"
            return j("ใน", "ปี", "งบ", "ประมาณ", " ", num(self.year), " ", s, "ได้", "รับ", "จัดสรร",
                     "งบ", "ประมาณ", " ", "จำนวน", " ", amount, " ", "บาท", " ", self.pick(PURPOSES))
        if r < 0.8:
            return j("ประธาน", "แจ้ง", "ให้", "ที่", "ประชุม", "ทราบ", "เกี่ยว", "กับ", o, " ",
                     self.pick(CONNECTIVES), self.noun())
        if r < 0.86:
            return j(o, " ", "ประกอบ", "ด้วย", " ", self.pick(NOUNS), " ", self.pick(NOUNS), " ", "และ",
                     self.pick(NOUNS))
        if r < 0.92:
            return j("ทั้ง", "นี้", " ", "ให้", s, v, o, " ", "ให้", "แล้ว", "เสร็จ", "ภาย", "ใน", "วัน", "ที่", " ",
                     self.thai_date(self.date_in_year(self.year)))
        return j(self.school(), v, o, " ", self.pick(CONNECTIVES), self.pick(VERBS), self.noun(), " ",
                 self.pick(ADVERBIALS))

    def sentence(self) -> str:
        r = self.rng.random()
        if r < 0.62:
            return self.grammar_sentence()
        if r < 0.95:
            return self.bigram.sentence(self.rng)
        return self.pick(self.sentences)

    def paragraph(self, lo: int = 2, hi: int = 6) -> str:
        return j(*(x for _ in range(self.rng.randint(lo, hi)) for x in (self.sentence(), " ")))[:-2]

    def paragraphs(self, chars: int) -> list[str]:
        out, size = [], 0
        while size < chars:
            p = self.paragraph()
            out.append(p)
            size += len(p) - p.count(B)
        return out

    def pages(self) -> int:
        return self.rng.choices((1, 2, 3), (0.45, 0.35, 0.2))[0]


def _latin(text: str) -> list[str]:
    """Atoms of a Latin phrase: words and spaces."""
    return [x for w in text.split(" ") for x in (w, " ")][:-1]


# =========================================================================== items and sets

@dataclass
class Item:
    """One evidence item as the bench inserts it; text fields keep their atom marks (B)."""

    type_key: str
    title: str
    meta: dict  # values as a user types them (plain text)
    meta_text: str  # the same, as marked text (labels excluded), for truth and FTS5
    body: str = ""  # the text of its file (marked)
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (filename, kind, caption)
    document_date: dt.date | None = None
    thai_digits: bool = False
    id: int = 0  # given by whoever stores it

    def text(self, name: str) -> str:
        """Return a field as plain text (title, meta_text, body), Thai digits applied."""
        value = plain(getattr(self, name))
        return value.translate(THAI_DIGITS) if self.thai_digits and name == "body" else value


@dataclass
class EvidenceSetSpec:
    number: int  # อ้างอิงชุด N, counted within its category and year
    year: int  # fiscal year, BE
    category: tuple[str, ...]  # path of category names
    title: str  # marked
    items: list[Item]

    def context(self, item: Item) -> str:
        """Return the item's context as marked text (as the archive's context shows it)."""
        pieces = [segment_cached(c) for c in self.category]
        pieces += [j("อ้างอิง", "ชุด", " ", num(self.number)), self.title,
                   j("ปี", "งบ", "ประมาณ", " ", num(self.year)), segment_cached(TYPE_NAMES[item.type_key])]
        pieces += [segment_cached(f[0]) for f in item.files]
        return j(*(x for p in pieces for x in (p, "\n")))


@lru_cache(maxsize=4096)
def segment_cached(text: str) -> str:
    return segment(text)


def categories() -> list[tuple[str, ...]]:
    """Return the category paths of one year: the participation stages and other OIT items."""
    root = "O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    paths = [(root, stage) for stage in PARTICIPATION_STAGES]
    paths += [(f"O{n} {name}",) for n, name in zip((7, 10, 11, 12, 13, 20, 23, 25, 29, 34, 36, 40), OIT_EXTRA)]
    return paths



class Generator:
    """Make evidence sets one by one; set ``k`` depends only on (seed, k)."""

    def __init__(self, seed: int = 20261121):
        self.seed = seed
        sentences, sequences = harvested()
        self.sentences = sentences
        # Train the bigram on the samples and on grammar output, so chains cross between both.
        rng = random.Random(f"{seed}:bigram")
        seed_writer = Writer(rng, Bigram(sequences), sentences)
        seed_writer.year = 2563
        grammar = [seed_writer.grammar_sentence().split(B) for _ in range(4000)]
        self.bigram = Bigram(sequences + grammar)
        self.categories = categories()

    # ------------------------------------------------------------- sets
    def make_set(self, k: int) -> EvidenceSetSpec:
        rng = random.Random(f"{self.seed}:set:{k}")
        w = Writer(rng, self.bigram, self.sentences)
        year = w.year = FIRST_YEAR + rng.randrange(LAST_YEAR - FIRST_YEAR + 1)
        category = rng.choice(self.categories)
        committee, abbr = rng.choice(COMMITTEES)
        meeting_no = rng.choices(range(1, 13), weights=[12, 10, 8, 6, 5, 4, 3, 2, 2, 1, 1, 1])[0]
        day = w.date_in_year(year)
        activity = rng.choice(ACTIVITIES) if rng.random() < 0.5 else None
        act = ActivityContext(w, year, committee, abbr, meeting_no, day, activity, w.venue())
        kinds = rng.sample(TYPES, rng.randint(2, 5))
        if rng.random() < 0.3:
            kinds.append(rng.choice(TYPES))
        items = [self._make(kind, act) for kind in kinds]
        title = act.set_title()
        return EvidenceSetSpec(number=k, year=year, category=category, title=title, items=items)

    def _make(self, kind: str, act: ActivityContext) -> Item:
        return getattr(act, kind)()

    def sets(self, n_items: int) -> Iterator[EvidenceSetSpec]:
        """Yield sets until n_items items are made (the real samples come first)."""
        made, numbers = 0, {}
        for spec in real_sample_sets():
            made += len(spec.items)
            numbers[spec.year, spec.category] = spec.number
            yield spec
        k = 1
        while made < n_items:
            spec = self.make_set(k)
            spec.items = spec.items[:n_items - made]
            spec.number = numbers[spec.year, spec.category] = numbers.get((spec.year, spec.category), 0) + 1
            made += len(spec.items)
            k += 1
            yield spec


class ActivityContext:
    """One activity of the office and the documents it leaves behind."""

    def __init__(self, w: Writer, year, committee, abbr, meeting_no, day, activity, venue):
        self.w, self.rng = w, w.rng
        self.year, self.committee, self.abbr = year, committee, abbr
        self.meeting_no, self.day, self.activity, self.venue = meeting_no, day, activity, venue
        self.meeting_number = f"{meeting_no}/{day.year + 543}"
        self.director = w.person(DIRECTOR)
        self.agency = AGENCY if self.rng.random() < 0.75 else AGENCY_OLD
        self.group = self.rng.choice(GROUPS)
        self.thai_digits = False

    # ------------------------------------------------------------- shared parts
    def committee_ref(self) -> str:
        if self.abbr and self.abbr != "ITA":
            return j(self.committee, " ", "(", self.abbr, ")")
        return self.committee

    def what(self) -> str:
        """The activity as a noun phrase."""
        if self.activity:
            return self.activity
        return j("การ", "ประชุม", self.committee_ref(), " ", "ครั้ง", "ที่", " ", self.meeting_number)

    def set_title(self) -> str:
        if self.activity:
            return j(self.activity, " ", "ปี", "งบ", "ประมาณ", " ", num(self.year))
        abbr = self.abbr or self.committee
        return j("การ", "ประชุม", abbr, " ", "ครั้ง", "ที่", " ", self.meeting_number)

    def doc_number(self, circular: bool = False) -> str:
        if circular and self.rng.random() < 0.5:  # the ministry's circulars, cited by many offices
            return "ศธ " + self.rng.choice(CIRCULARS)
        code = AGENCY_CODE if self.rng.random() < 0.8 else self.rng.choice(OFFICE_CODES)
        running = self.rng.randint(1, 4999)
        return f"ศธ {code}/ว{running}" if circular else f"ศธ {code}/{running}"

    def doc_atoms(self, number: str) -> str:
        agency, tail = number.split(" ")
        return j("ที่", " ", agency, " ", circular_atoms(tail))

    def signature(self, signer: Person) -> str:
        return j("(", signer.name, ")", "\n", signer.position)

    def maybe_thai(self, value: str, p: float) -> str:
        return value.translate(THAI_DIGITS) if self.rng.random() < p else value

    def file(self, stem: str, ext: str, kind: str) -> tuple[str, str, str]:
        r = self.rng.random()
        if r < 0.3:
            name = f"scan{self.rng.randint(1, 9999):04d}.{ext}"
        elif r < 0.5:
            name = f"{stem}.{ext}"
        else:
            name = f"{stem} {self.meeting_number.replace('/', '-')}.{ext}"
        return name, kind, ""

    def body(self, head: list[str], tail: list[str], pages: int | None = None) -> str:
        target = (pages or self.w.pages()) * PAGE_CHARS
        size = sum(len(plain(x)) for x in head + tail)
        middle = self.w.paragraphs(max(200, target - size))
        text = j(*(x for p in head + middle + tail for x in (p, "\n")))
        if self.rng.random() < 0.02:  # pasted from the web: zero-width spaces between words
            text = _zwsp(text, self.rng)
        return text

    def meta_text(self, values: list[str]) -> str:
        return j(*(x for v in values if v for x in (v, "\n")))

    # ------------------------------------------------------------- the five types
    def meeting_invitation(self) -> Item:
        w, rng = self.w, self.rng
        letter_day = self.day - dt.timedelta(days=rng.randint(3, 20))
        number = self.doc_number(circular=rng.random() < 0.15)
        subject = j("ขอ", "เชิญ", "ประชุม", self.committee_ref() if not self.activity else self.activity,
                    *( [" ", "ครั้ง", "ที่", " ", self.meeting_number] if not self.activity else []))
        recipient = rng.choice([j("คณะ", "กรรมการ", self.abbr or "", " ", "ทุก", "ท่าน"),
                                j(SCHOOL_DIRECTOR, "ใน", "สังกัด", " ", "ทุก", "โรงเรียน"),
                                j("ผู้", "อำนวย", "การ", w.school())])
        signer = self.director
        time = w.time()
        enclosures = j("ระเบียบ", "วาระ", "การ", "ประชุม", " ", "จำนวน", " ", "1", " ", "ชุด")
        reference = j("หนังสือ", "ที่", " ", "ศธ", " ", circular_atoms(rng.choice(CIRCULARS)), " ", "ลง", "วัน",
                      "ที่", " ", w.thai_date(letter_day - dt.timedelta(days=30))) if rng.random() < 0.3 else ""
        thai = rng.random() < 0.1
        head = [
            j(self.doc_atoms(number), "\n", self.agency, "\n", rng.choice(PLACE_WORDS), " ", "จังหวัด",
              "อุบลราชธานี", " ", "34000"),
            w.thai_date(letter_day),
            j("เรื่อง", " ", subject), j("เรียน", " ", recipient),
            j("อ้าง", "ถึง", " ", reference) if reference else "",
            j("สิ่ง", "ที่", "ส่ง", "มา", "ด้วย", " ", enclosures),
            j("ด้วย", self.agency, " ", "กำหนด", "ประชุม", self.committee_ref(), " ", "ครั้ง", "ที่", " ",
              self.meeting_number, " ", w.pick(PURPOSES), " ", "ใน", w.thai_date(self.day, weekday=True), " ",
              "เวลา", " ", time, " ", "ณ", " ", self.venue),
        ]
        tail = [j("จึง", "เรียน", "มา", "เพื่อ", "โปรด", "เข้า", "ร่วม", "ประชุม", "ตาม", "วัน", " ", "เวลา", " ",
                  "และ", "สถาน", "ที่", "ดัง", "กล่าว"),
                j("ขอ", "แสดง", "ความ", "นับถือ"), self.signature(signer), self.group,
                j("โทร.", " ", "0", " ", "4524", " ", "4001")]
        body = self.body([h for h in head if h], tail)
        meta = {"doc_number": "ที่ " + number, "date": plain(w.thai_date(letter_day)), "subject": plain(subject),
                "recipient": plain(recipient), "reference": plain(reference), "enclosures": plain(enclosures),
                "committee": self.abbr or plain(self.committee), "meeting_number": "ครั้งที่ " + self.meeting_number,
                "meeting_date": plain(w.thai_date(self.day)), "meeting_time": plain(time),
                "venue": plain(self.venue), "signer": signer.raw}
        if thai:
            meta["doc_number"] = meta["doc_number"].translate(THAI_DIGITS)
        marked = self.meta_text([self.doc_atoms(number), w.thai_date(letter_day), subject, recipient, reference,
                                 enclosures, self.abbr or self.committee,
                                 j("ครั้ง", "ที่", " ", self.meeting_number), w.thai_date(self.day), time,
                                 self.venue, signer.name, signer.position])
        return Item("meeting_invitation", subject, meta, marked, body,
                    [self.file("หนังสือเชิญประชุม", "pdf", "pdf")], letter_day, thai)

    def meeting_minutes(self) -> Item:
        w, rng = self.w, self.rng
        attendees = [self.director] + [w.person() for _ in range(rng.randint(4, 18))]
        absentees = [w.person() for _ in range(rng.randint(0, 3))]
        recorder = w.person()
        start = w.time()
        ends = [e for e in ("12.00", "12.30", "15.30", "16.00", "16.30") if e > plain(start)[:5]]
        end = j(rng.choice(ends), " ", "น.")
        agenda = []
        for n, head in enumerate(AGENDA_HEADS[:rng.randint(3, 6)], 1):
            agenda.append(j("ระเบียบ", "วาระ", "ที่", " ", num(n), " ", head))
        title = j("รายงาน", "การ", "ประชุม", self.committee_ref() if not self.activity else self.activity, " ",
                  "ครั้ง", "ที่", " ", self.meeting_number)
        head = [title, j("เมื่อ", w.thai_date(self.day, weekday=True), " ", "เวลา", " ", start),
                j("ณ", " ", self.venue), "ผู้" + B + "มา" + B + "ประชุม"]
        head += [j(num(i), ".", " ", p.name, " ", p.position) for i, p in enumerate(attendees, 1)]
        if absentees:
            head.append(j("ผู้", "ไม่", "มา", "ประชุม"))
            head += [j(num(i), ".", " ", p.name, " ", "ติด", "ราชการ") for i, p in enumerate(absentees, 1)]
        head.append(j("เริ่ม", "ประชุม", "เวลา", " ", start))
        target = w.pages() * PAGE_CHARS
        per = max(200, (target - sum(len(plain(x)) for x in head)) // len(agenda))
        middle = []
        for a in agenda:
            middle.append(a)
            middle += w.paragraphs(per)
            middle.append(j("มติ", "ที่", "ประชุม", " ", w.pick(RESOLUTIONS)))
        tail = [j("เลิก", "ประชุม", "เวลา", " ", end),
                j("ลง", "ชื่อ", " ", recorder.name, " ", "ผู้", "จด", "รายงาน", "การ", "ประชุม"),
                j("ลง", "ชื่อ", " ", self.director.name, " ", "ผู้", "ตรวจ", "รายงาน", "การ", "ประชุม")]
        body = j(*(x for p in head + middle + tail for x in (p, "\n")))
        agenda_text = j(*(x for a in agenda for x in (a, "\n")))
        committee = self.committee_ref() if not self.activity else self.activity
        meta = {"committee": plain(committee), "meeting_number": "ครั้งที่ " + self.meeting_number,
                "meeting_date": plain(w.thai_date(self.day)), "start_time": plain(start), "end_time": plain(end),
                "venue": plain(self.venue), "attendees": "\n".join(p.raw for p in attendees),
                "absentees": "\n".join(p.raw for p in absentees), "agenda": plain(agenda_text),
                "recorder": recorder.raw}
        marked = self.meta_text([committee, j("ครั้ง", "ที่", " ", self.meeting_number), w.thai_date(self.day),
                                 start, end, self.venue, *(j(p.name, " ", p.position) for p in attendees),
                                 *(j(p.name, " ", p.position) for p in absentees), agenda_text,
                                 recorder.name, recorder.position])
        ext, kind = ("docx", "word") if rng.random() < 0.3 else ("pdf", "pdf")
        return Item("meeting_minutes", title, meta, marked, body,
                    [self.file("รายงานการประชุม", ext, kind)], self.day)

    def activity_photos(self) -> Item:
        w, rng = self.w, self.rng
        what = self.what()
        description = j(*(x for p in w.paragraphs(rng.randint(150, 900)) for x in (p, "\n")))
        photographer = w.person(j("นัก", "ประชาสัมพันธ์"))
        files = []
        for n in range(rng.randint(3, 12)):
            caption = rng.choice([
                j(w.person().name, " ", "กล่าว", "เปิด", what),
                j("ผู้", "เข้า", "ร่วม", what, " ", "ณ", " ", self.venue),
                j(w.grammar_sentence()),
                j("บรรยากาศ", what),
            ])
            stamp = f"IMG_{self.day:%Y%m%d}_{rng.randint(80000, 170000):06d}.jpg"
            files.append((stamp, "image", caption))
        meta = {"activity": plain(what), "activity_date": plain(w.thai_date(self.day)), "venue": plain(self.venue),
                "description": plain(description), "photographer": plain(photographer.name)}
        marked = self.meta_text([what, w.thai_date(self.day), self.venue, description, photographer.name,
                                 *(c for _, _, c in files)])
        files = [(name, kind, plain(caption)) for name, kind, caption in files]
        return Item("activity_photos", what, meta, marked, "", files, self.day)

    def press_release(self) -> Item:
        w, rng = self.w, self.rng
        what = self.what()
        host = self.director if rng.random() < 0.6 else w.person()
        headline = rng.choice([
            j(AGENCY_SHORT, " ", "จัด", what),
            j(self.agency, " ", "จัด", what),
            j(host.name, " ", "เป็น", "ประธาน", "เปิด", what),
        ])
        published = self.day + dt.timedelta(days=rng.randint(0, 5))
        channel = rng.choice(CHANNELS)
        lead = j("เมื่อ", w.thai_date(self.day, weekday=True), " ", host.name, " ", host.position, " ", "เป็น",
                 "ประธาน", "เปิด", what, " ", "ณ", " ", self.venue, " ", w.pick(PURPOSES))
        author = w.person(j("นัก", "ประชาสัมพันธ์"))
        tail = [j("ข่าว", ":", " ", author.name, " ", "/", " ", "ภาพ", ":", " ", self.group),
                j("เผย", "แพร่", "ทาง", " ", *_latin("Facebook")) if channel == "Facebook" else ""]
        body = self.body([lead], [t for t in tail if t], pages=rng.choice((1, 1, 2)))
        url = (f"https://www.facebook.com/secondary29/posts/{rng.randint(10**9, 10**10)}" if channel == "Facebook"
               else f"https://www.secondary29.go.th/news/{published:%Y%m%d}-{rng.randint(1, 999)}")
        summary = w.paragraph(1, 3)
        meta = {"headline": plain(headline), "published_on": plain(w.thai_date(published)), "channel": channel,
                "url": url if channel in ("เว็บไซต์หน่วยงาน", "Facebook") else "", "summary": plain(summary),
                "author": plain(author.name)}
        marked = self.meta_text([headline, w.thai_date(published), segment_cached(channel), meta["url"], summary,
                                 author.name])
        return Item("press_release", headline, meta, marked, body,
                    [self.file("ข่าวประชาสัมพันธ์", "pdf", "pdf")], published)

    def appointment_order(self) -> Item:
        w, rng = self.w, self.rng
        kind = "คำสั่ง" if rng.random() < 0.8 else "ประกาศ"
        order_day = self.day - dt.timedelta(days=rng.randint(5, 40))
        number = f"{rng.randint(1, 600)}/{order_day.year + 543}"  # numbers restart each calendar year
        team = self.committee if rng.random() < 0.5 else j("คณะ", "ทำ", "งาน", "ดำเนิน", self.what())
        subject = j("แต่ง", "ตั้ง", team)
        appointees = [w.person() for _ in range(rng.randint(4, 20))]
        roles = ["ประธาน" + B + "กรรมการ"] + ["กรรมการ"] * (len(appointees) - 2) + [
            j("กรรมการ", "และ", "เลขานุการ")]
        head = [j(kind, self.agency), j("ที่", " ", number) if kind == "คำสั่ง" else "", j("เรื่อง", " ", subject),
                j("ด้วย", self.agency, " ", "จะ", "ดำเนิน", "การ", self.what(), " ", w.pick(PURPOSES), " ",
                  "จึง", "แต่ง", "ตั้ง", team, " ", "ดัง", "นี้")]
        head += [j(num(i), ".", " ", p.name, " ", p.position, " ", r) for i, (p, r) in
                 enumerate(zip(appointees, roles), 1)]
        head.append(j("มี", "หน้า", "ที่", " ", w.pick(VERBS), w.noun(), " ", w.pick(ADVERBIALS)))
        tail = [j("ทั้ง", "นี้", " ", "ตั้ง", "แต่", "บัด", "นี้", "เป็น", "ต้น", "ไป"),
                j("สั่ง" if kind == "คำสั่ง" else "ประกาศ", " ", "ณ", " ", "วัน", "ที่", " ", w.thai_date(order_day)),
                self.signature(self.director)]
        thai = rng.random() < 0.35
        body = self.body([h for h in head if h], tail)
        meta = {"document_kind": kind, "issuer": plain(self.agency), "order_number": number if kind == "คำสั่ง" else "",
                "subject": plain(subject), "order_date": plain(w.thai_date(order_day)), "signer": self.director.raw,
                "appointees": "\n".join(p.raw for p in appointees)}
        if thai:
            for key in ("order_number", "order_date"):
                meta[key] = meta[key].translate(THAI_DIGITS)
        marked = self.meta_text([kind, self.agency, number if kind == "คำสั่ง" else "", subject,
                                 w.thai_date(order_day), self.director.name, self.director.position,
                                 *(j(p.name, " ", p.position) for p in appointees)])
        title = subject
        return Item("appointment_order", title, meta, marked, body,
                    [self.file(kind, "pdf", "pdf")], order_day, thai)


def circular_atoms(number: str) -> str:
    """Atoms of a letter number: ``04290/1237`` is one; a circular ``04349/ว3694`` is ``04349/`` + ``ว3694``."""
    code, sep, running = number.partition("/ว")
    return j(code + "/", "ว" + running) if sep else number


def _zwsp(text: str, rng: random.Random) -> str:
    """Put zero-width spaces at some atom boundaries (each becomes an atom of its own)."""
    parts = text.split(B)
    return B.join(p + (B + "\u200b" if rng.random() < 0.3 and p.strip() else "") for p in parts)


def real_sample_sets() -> list[EvidenceSetSpec]:
    """The three real documents of /work/shared/samples, as items of two sets of 2563."""
    def read(name):
        path = Path(SAMPLES) / name
        return segment(path.read_text("utf-8")) if path.exists() else ""

    invitation = Item(
        "meeting_invitation", segment("ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.) ครั้งที่ 1/2563"),
        {"doc_number": "ที่ ศธ 04290/1237", "date": "8 พฤษภาคม 2563",
         "subject": "ขอเชิญประชุมคณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.) ครั้งที่ 1/2563",
         "recipient": "คณะกรรมการ ก.ต.ป.น. ทุกท่าน", "committee": "ก.ต.ป.น.", "meeting_number": "ครั้งที่ 1/2563",
         "meeting_date": "15 พฤษภาคม 2563", "meeting_time": "09.00 น.",
         "venue": "ห้องประชุมพรหมวิหาร สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29",
         "signer": "นายประเสริฐ ศรีสุข | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"}, "",
        read("invitation-ktpn-1-2563.txt"), [("invitation-ktpn-1-2563.pdf", "pdf", "")], dt.date(2020, 5, 8))
    minutes = Item(
        "meeting_minutes", segment("รายงานการประชุมคณะกรรมการ ก.ต.ป.น. ครั้งที่ 2/2563"),
        {"committee": "คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.)",
         "meeting_number": "ครั้งที่ 2/2563", "meeting_date": "12 มิถุนายน 2563", "start_time": "09.00 น.",
         "end_time": "12.00 น.", "venue": "ห้องประชุมพรหมวิหาร สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29",
         "attendees": "นายประเสริฐ ศรีสุข | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา\nนายวิชัย บุญมา | รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา\nดร.สุนทร ใจงาม | ผู้ทรงคุณวุฒิ",
         "absentees": "นายสมศักดิ์ มีสุข | ติดราชการ", "recorder": "นางสาวอรุณี แก้วมณี | ผู้จดรายงานการประชุม"}, "",
        read("minutes-ktpn-2-2563.txt"), [("minutes-ktpn-2-2563.docx", "word", "")], dt.date(2020, 6, 12))
    order = Item(
        "appointment_order", segment("แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒"),
        {"document_kind": "คำสั่ง", "issuer": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29", "order_number": "๔๕/๒๕๖๓",
         "subject": "แต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบการทดสอบทางการศึกษาระดับชาติขั้นพื้นฐาน (O-NET) ชั้นมัธยมศึกษาปีที่ ๓ ปีการศึกษา ๒๕๖๒",
         "order_date": "๒๐ มกราคม ๒๕๖๓", "signer": "นายประเสริฐ ศรีสุข | ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษา เขต 29"}, "",
        read("order-45-2563.txt"), [("order-45-2563.pdf", "pdf", "")], dt.date(2020, 1, 20))
    for item in (invitation, minutes, order):
        item.meta_text = j(*(x for v in item.meta.values() if v for x in (segment_cached(v), "\n")))
    root = "O33 การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    return [
        EvidenceSetSpec(1, 2563, (root, "การร่วมวางแผน"), segment("การประชุม ก.ต.ป.น. ครั้งที่ 1/2563"),
                        [invitation, minutes]),
        EvidenceSetSpec(1, 2563, (root, "การร่วมดำเนินการ"), segment("คำสั่งแต่งตั้งคณะกรรมการนิเทศ ติดตาม ตรวจเยี่ยมสนามสอบ O-NET"),
                        [order]),
    ]


# =========================================================================== ground truth

class Truth:
    """Decide whether query strings occur in an item (see the module docstring)."""

    _SPACE = re.compile("[\ue000\ue001\\s]*\\s[\ue000\ue001\\s]*")
    _SEPARATOR = re.compile("[\ue000\ue001]")

    def __init__(self, probes: Iterable[str]):
        self.probes = sorted({" ".join(normalise(p).split()) for p in probes})

    def marked(self, spec: EvidenceSetSpec, item: Item) -> str:
        """Return all the item's text, normalised, with word (B) and part (P) boundaries kept."""
        body = item.body.translate(THAI_DIGITS) if item.thai_digits else item.body
        text = j(item.title, "\n", item.meta_text, "\n", body, "\n", spec.context(item))
        # A zero-width space stands between two words; removing it must leave that boundary.
        return normalise(text.replace("\u200b", B))

    def found(self, marked: str) -> frozenset:
        """Return the probes that occur in a marked text (see the module docstring)."""
        text = self._SPACE.sub(" ", marked)
        word_edges, part_edges = [], set()
        for n, m in enumerate(self._SEPARATOR.finditer(text)):
            if m.group() == B:
                word_edges.append(m.start() - n)  # offset in the text without separators
            else:
                part_edges.add(m.start() - n)
        flat = self._SEPARATOR.sub("", text)
        size = len(flat)
        edges = set(word_edges) | {0, size}
        out = []
        for probe in self.probes:
            inside_one_word = " " not in probe
            at = flat.find(probe)
            while at >= 0:
                end = at + len(probe)
                starts_word = at in edges or flat[at - 1] == " "
                ends_word = end in edges or flat[end] == " "
                if starts_word and ends_word:
                    break  # whole words
                if not inside_one_word and (starts_word or at in part_edges) and (ends_word or end in part_edges):
                    break  # a phrase may begin or end inside a written entry (เห็น|ชอบ|ตาม|ที่|เสนอ)
                if (inside_one_word and (starts_word or at in part_edges) and (ends_word or end in part_edges)):
                    i = bisect_right(word_edges, at)
                    if i == len(word_edges) or word_edges[i] >= end:
                        break  # whole parts of one compound word
                at = flat.find(probe, at + 1)
            if at >= 0:
                out.append(probe)
        return frozenset(out)


# =========================================================================== stand-alone use

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--show", type=int, default=2, help="print this many items in full")
    args = parser.parse_args()
    gen = Generator(args.seed)
    sets = list(gen.sets(args.items))
    items = [(s, i) for s in sets for i in s.items]
    atoms: set[str] = set()
    chars = 0
    for s, i in items:
        for name in ("title", "meta_text", "body"):
            atoms.update(plain(a) for a in getattr(i, name).split(B) if re.search("[\u0e01-\u0e2e]", a))
        chars += len(i.text("body"))
    print(f"{len(sets)} sets, {len(items)} items, {len(atoms)} distinct Thai atoms, "
          f"{chars / len(items):.0f} body characters per item")
    for s, i in items[3:3 + args.show]:
        print("=" * 80)
        print(i.type_key, s.year, " › ".join(s.category), "| set:", plain(s.title))
        print("TITLE:", i.text("title"))
        print("META:", json.dumps(i.meta, ensure_ascii=False, indent=1))
        print("FILES:", i.files)
        print("BODY:\n" + i.text("body"))


if __name__ == "__main__":
    main()
