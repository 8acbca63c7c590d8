"""What a resident does on the resident pages, as a browser user would: by the pages'
element ids (api/templates/resident/, api/templates/macros/forms.html) and labels.

Form fields have the id ``f-<name>`` (a date's parts ``f-<name>-year|month|day``, the first
option of a radio group the field's id); a file goes into the file input as a real file.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from typing import Final

from playwright.sync_api import FilePayload, Page, expect

# A one-page PDF and a 2×2 PNG, made here: real files the server checks by their content.
PDF: Final = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG: Final = _png()
# Playwright matches these in the browser: JavaScript regular expressions.
FORM_URL: Final = re.compile(r"/cases/([0-9a-f]+)/tasks/([^/?#]+)$")
CONFIRM_URL: Final = re.compile(r"/cases/[0-9a-f]+/tasks/[^/]+/confirm$")
DONE_URL: Final = re.compile(r"/cases/[0-9a-f]+/done")
STATUS_URL: Final = re.compile(r"/status/cases/([0-9a-f]+)")


def pdf(name: str) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def png(name: str) -> FilePayload:
    return {"name": name, "mimeType": "image/png", "buffer": PNG}


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the completion page gives the resident to keep."""

    case_id: str
    receipt_number: str
    password: str


@dataclass
class Applicant:
    """One resident's browser tab."""

    page: Page

    def open_procedure(self, key: str) -> None:
        """From the list of procedures to the start page of ``key``."""
        self.page.goto("/")
        self.page.click(f"#procedure-{key}")
        expect(self.page.locator("#start-button")).to_be_visible()

    def start(self) -> str:
        """Press 「申請を始める」 on the start page; the case id."""
        self.page.click("#start-button")
        expect(self.page).to_have_url(FORM_URL)
        found = FORM_URL.search(self.page.url)
        assert found is not None
        return found.group(1)

    def fill(self, field: str, value: str) -> None:
        self.page.fill(f"#f-{field}", value)

    def date(self, field: str, year: int, month: int, day: int) -> None:
        for part, value in (("year", year), ("month", month), ("day", day)):
            self.page.fill(f"#f-{field}-{part}", str(value))

    def choose(self, label: str) -> None:
        """Pick the radio button whose label is ``label``."""
        self.page.get_by_role("radio", name=label, exact=True).check()

    def attach(self, field: str, *files: FilePayload) -> None:
        self.page.set_input_files(f"#f-{field}", list(files))

    def next(self) -> None:
        """「次へ進む」: to 確認 when the answers are complete."""
        self.page.click("#next-button")

    def to_confirm(self) -> None:
        self.next()
        expect(self.page).to_have_url(CONFIRM_URL)

    def send(self) -> Receipt:
        """「この内容で申請する」 on 確認; what the completion page shows."""
        self.page.click("#send-button")
        expect(self.page).to_have_url(DONE_URL)
        match = re.search(r"/cases/([0-9a-f]+)/done", self.page.url)
        assert match is not None
        number = self.page.locator("#receipt-number").inner_text().strip()
        secret = self.page.locator("#access-password")
        password = secret.inner_text().strip() if secret.count() else ""
        return Receipt(match.group(1), number, password)

    def look_up(self, receipt_number: str, password: str, *, found: bool = True) -> None:
        """申請状況の確認 with the receipt number and password (``found``: the status page
        opens, else the lookup page stays with its error)."""
        self.page.goto("/status")
        self.page.fill("#receipt_number", receipt_number)
        self.page.fill("#password", password)
        self.page.click("#lookup-button")
        if found:
            expect(self.page).to_have_url(STATUS_URL)
        else:
            expect(self.page.locator("#lookup-form")).to_be_visible()

    def phase(self) -> str:
        """The case's state on the status page, as the page's data-phase says it."""
        return self.page.locator("#case-status").get_attribute("data-phase") or ""

    def open_next_task(self) -> None:
        """The one task the status page asks the resident to do."""
        links = self.page.locator("#next-tasks a")
        expect(links).to_have_count(1)
        links.click()
        expect(self.page).to_have_url(FORM_URL)
