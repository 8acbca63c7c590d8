"""Messages of the resident pages' use cases: attachments, drafts and the status page."""

from engine.messages.doc import Doc
from engine.messages.doc import en as _en
from engine.messages.doc import ja as _ja

MESSAGES: dict[str, dict[str, str]] = {
    "resident.attachment-refused": {
        "ja": "ファイル {filename} は受け付けられません。PDF、JPEG、PNG のファイルを添付してください。",
        "en": "The file {filename} cannot be accepted. Attach a PDF, JPEG or PNG file.",
    },
    "resident.attachment-not-found": {
        "ja": "添付ファイル {attachment} は見つかりません。",
        "en": "There is no attached file {attachment}.",
    },
    "resident.case-not-open": {
        "ja": "この申請は見つからないか、この画面から開くことができません。「申請状況の確認」から受付番号と確認用パスワードを入力して開いてください。",
        "en": "This application cannot be found or opened from here. Open it from “Check your application” with its receipt number and password.",
    },
}

DOCS: dict[str, dict[str, Doc]] = {
    "resident.attachment-refused": {
        "ja": _ja(
            "ファイルの種類を受け付けられません。",
            "添付されたファイルの中身が PDF・JPEG・PNG のどれでもないか、空か、大きすぎます（422）。ファイル名の拡張子ではなく中身で判断します。",
            "PDF・JPEG・PNG のファイルを、フォームに書かれた大きさまでで添付してください。",
        ),
        "en": _en(
            "The attached file's content is no PDF, JPEG or PNG, or it is empty or too large (422). The content decides, not the file name.",
            "Attach a PDF, JPEG or PNG file within the size the form states.",
            "File type not accepted.",
        ),
    },
    "resident.attachment-not-found": {
        "ja": _ja(
            "添付ファイルが見つかりません。",
            "その id の添付ファイルはないか、読む権限のない申請のものです（404）。住民には、自分の申請のファイル以外はないものとして答えます。",
            "申請状況の確認画面や職員の画面にあるリンクから開いてください。",
        ),
        "en": _en(
            "There is no attachment with that id, or it belongs to a case the reader may not see (404). A resident is told the same for any file outside their own case.",
            "Open the file from the link on the status page or the staff pages.",
            "No such attachment.",
        ),
    },
    "resident.case-not-open": {
        "ja": _ja(
            "この画面から申請を開けません。",
            "申請の画面を開く権限がブラウザーに記録されていないか、ほかの人の申請です（404）。",
            "「申請状況の確認」（/status）で受付番号と確認用パスワードを入力すると、その申請を開けるようになります。",
        ),
        "en": _en(
            "The browser holds no access to this case, or it is someone else's (404).",
            "Enter the receipt number and password on “Check your application” (/status) to open the case.",
            "Case not open here.",
        ),
    },
}
