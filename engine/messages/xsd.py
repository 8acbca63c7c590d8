"""Messages for BPMN 2.0 XSD findings (engine.check.xsd).

Params ``more`` (identical problems elsewhere, from ``xsd.repeated*``) and ``hint`` (what
a valid value looks like, from ``xsd.hint.*``) are ``{"ja": ..., "en": ...}`` dicts, empty
strings when there is nothing to add, and templates pick ``{more[ja]}`` or ``{more[en]}``.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "xsd": {
        "ja": "BPMN 2.0 のスキーマに合いません（{element}）: {detail}{more[ja]}",
        "en": "Does not match the BPMN 2.0 schema ({element}): {detail}{more[en]}",
    },
    "xsd-unknown-element": {
        "ja": "{element} は BPMN 2.0 にない要素です（{parent} の中）。削除するか、ツール独自の情報なら独自の名前空間を付けて bpmn:extensionElements の中に移してください。{more[ja]}",
        "en": "{element} is not a BPMN 2.0 element (inside {parent}). Remove it, or if it is tool-specific data, give it its own namespace and move it into bpmn:extensionElements.{more[en]}",
    },
    "xsd-foreign-element": {
        "ja": "{element} は BPMN の要素ではないため、ここ（{parent} の中）には置けません。ツール独自の要素は独自の名前空間を付けて bpmn:extensionElements の中に置いてください。{more[ja]}",
        "en": "{element} is not a BPMN element and is not allowed here (inside {parent}). Tool-specific elements need their own namespace and belong inside bpmn:extensionElements.{more[en]}",
    },
    "xsd-unexpected-element": {
        "ja": "{element} はこの位置（{parent} の中）には置けません。要素の順序か置き場所が違います。ここに置けるのは: {expected}{more[ja]}",
        "en": "{element} is not allowed at this position (inside {parent}): the order or the place is wrong. Allowed here: {expected}{more[en]}",
    },
    "xsd-missing-element": {
        "ja": "{element} に必要な子要素がありません。次のいずれかを追加してください: {expected}{more[ja]}",
        "en": "{element} lacks a required child element. Add one of: {expected}{more[en]}",
    },
    "xsd-attribute-not-allowed": {
        "ja": "{element} に属性 {attribute} は使えません。BPMN の属性ではないため、削除するか、ツール独自の属性なら独自の名前空間を付けてください。{more[ja]}",
        "en": "Attribute {attribute} is not allowed on {element}. It is not a BPMN attribute: remove it, or put a tool-specific attribute in its own namespace.{more[en]}",
    },
    "xsd-attribute-required": {
        "ja": "{element} に必須の属性 {attribute} がありません。{more[ja]}",
        "en": "{element} lacks the required attribute {attribute}.{more[en]}",
    },
    "xsd-invalid-id": {
        "ja": "{element} の id「{value}」は XML の ID として使えません。英字か _ で始め、空白や : を含まない名前にしてください（例: Task_1）。{more[ja]}",
        "en": "The id '{value}' of {element} is not a valid XML ID. Start with a letter or _ and use no spaces or colons (e.g. Task_1).{more[en]}",
    },
    "xsd-invalid-value": {
        "ja": "{element} の属性 {attribute} の値「{value}」は正しくありません。{hint[ja]}{more[ja]}",
        "en": "The value '{value}' of attribute {attribute} on {element} is not valid. {hint[en]}{more[en]}",
    },
    "xsd-text-not-allowed": {
        "ja": "{element} には文字を直接書けません（子要素だけを置けます）。文字は bpmn:documentation などの中に移してください。{more[ja]}",
        "en": "{element} cannot contain text directly, only child elements. Move the text into bpmn:documentation or a similar element.{more[en]}",
    },
    "xsd-truncated": {
        "ja": "スキーマ違反が多すぎるため、残り {count} 種類は表示していません。上の問題を直してから再度検証してください。",
        "en": "Too many schema violations: {count} more kinds are not shown. Fix the ones above and validate again.",
    },
    # Fragments rendered into the params above; not finding codes.
    "xsd.repeated": {
        "ja": "（同じ問題が他に {count} 箇所: {lines} 行）",
        "en": " (the same problem in {count} more place(s): line {lines})",
    },
    "xsd.repeated-same-line": {
        "ja": "（同じ行に同じ問題が他に {count} 箇所）",
        "en": " (the same problem {count} more times on this line)",
    },
    "xsd.hint.xsi-type": {
        "ja": "xsi:type の型「{value}」が見つかりません。接頭辞付きで書いてください（例: bpmn:tFormalExpression）。",
        "en": "The xsi:type '{value}' names no known type. Write it with its prefix (e.g. bpmn:tFormalExpression).",
    },
    "xsd.hint.enumeration": {
        "ja": "使える値: {allowed}",
        "en": "Allowed values: {allowed}",
    },
    "xsd.hint.qname": {
        "ja": "接頭辞 {prefix}: の名前空間が宣言されていません。接頭辞を外すか、xmlns:{prefix} を宣言してください。",
        "en": "The prefix {prefix}: has no namespace declaration. Drop the prefix or declare xmlns:{prefix}.",
    },
    "xsd.hint.xs:boolean": {"ja": "true か false を書いてください。", "en": "Write true or false."},
    "xsd.hint.xs:double": {
        "ja": "数値を書いてください（例: 120.5）。",
        "en": "Write a number (e.g. 120.5).",
    },
    "xsd.hint.xs:integer": {"ja": "整数を書いてください。", "en": "Write an integer."},
    "xsd.hint.xs:int": {"ja": "整数を書いてください。", "en": "Write an integer."},
    "xsd.hint.xs:IDREF": {
        "ja": "別の要素の id を 1 つ書いてください。",
        "en": "Write the id of another element.",
    },
    "xsd.hint.xs:QName": {
        "ja": "別の要素の id を 1 つ書いてください。",
        "en": "Write the id of another element.",
    },
    "xsd.hint.xs:anyURI": {"ja": "URI を書いてください。", "en": "Write a URI."},
    "xsd.hint.other": {
        "ja": "型 {type} の値を書いてください。",
        "en": "Write a value of type {type}.",
    },
}
