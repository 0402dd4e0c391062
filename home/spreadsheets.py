"""Spreadsheets people can read and open safely (CSV and XLSX), for every export of the portal.

CSV as Dutch spreadsheet programs expect it: UTF-8 with a byte-order mark, `;` between cells and every cell
quoted, so a `;` inside a name never starts a new cell. A text cell that a spreadsheet would run as a formula
(it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe; empty cells stay empty.
Times are shown in the portal's time zone (Europe/Amsterdam).
"""

import csv
import io
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


def xlsx_response(filename, headers, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        cells = []
        for value in row:
            value = _local(value)
            cells.append(neutralise(value) if isinstance(value, str) else value)
        sheet.append(cells)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD-MM-YYYY HH:MM"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
