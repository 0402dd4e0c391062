"""The demo's PDF attachments, written with fpdf2: a title and paragraphs of plain text on A4."""

from fpdf import FPDF


def text_pdf(title, paragraphs):
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # Dutch accents, dashes and curly quotes in the core fonts
    pdf.set_title(title)
    pdf.set_author("Kennisbank Studentenwelzijn (demo)")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=15)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10.5)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 5.5, paragraph)
        pdf.ln(3)
    return bytes(pdf.output())
