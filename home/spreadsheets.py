"""Spreadsheets people can read and open safely (CSV and XLSX), for every export of the portal.

CSV as Dutch spreadsheet programs expect it: UTF-8 with a byte-order mark, `;` between cells and every cell
quoted, so a `;` inside a name never starts a new cell. A text cell that a spreadsheet would run as a formula
(it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe; empty cells stay empty.
Times are shown in the portal's time zone (Europe/Amsterdam).
"""

import csv
import io
import re
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _local(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _text(value):
    value = _local(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return neutralise(value)


def csv_response(filename, headers, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return response


def sheet_title(text):
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", text).strip()
    return (cleaned or "Blad 1")[:31]


def xlsx_response(filename, headers, rows, title=""):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title or filename)
    sheet.append(list(headers))
    widths = [len(str(header)) for header in headers]
    for row in rows:
        cells = []
        for value in row:
            value = _local(value)
            cells.append(neutralise(value) if isinstance(value, str) else value)
        sheet.append(cells)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD-MM-YYYY HH:MM"
        widths = [
            max(width, len(str(value or "")) if not isinstance(value, datetime) else 16)
            for width, value in zip(widths, cells, strict=False)
        ]
    for number, width in enumerate(widths, start=1):  # wide enough to read, never wider than a screen's third
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 8), 60)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
