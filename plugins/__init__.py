"""The built-in plugins, each found through the ``evidence_archive`` entry points like any other.

The five evidence types (หนังสือเชิญประชุม, รายงานการประชุม, ภาพกิจกรรม, ข่าวประชาสัมพันธ์,
คำสั่ง/ประกาศแต่งตั้ง), text reading for search (``text_extract``, ``ocr_tesseract``) and
PDF previews (``pdf_preview``).
"""
