"""学童クラブ入所申請 (procedure ``gakudo``) in three variants, written for the compare tests.

Each variant is a straight line of steps in lanes, with ``bpr:`` annotations and a diagram;
element ids differ between variants (each is drawn on its own), so comparing them needs
the diff's matching. ``files()`` gives them as deployable ``.bpmn`` files.
"""

from __future__ import annotations

import itertools
from typing import Final

from tests.factories import definitions

PROCEDURE: Final = "gakudo"
AREA: Final = "子ども・子育て支援"
LANES: Final = (("保護者", "resident"), ("受付担当", "staff"), ("審査担当", "staff"))
LANE_HEIGHT: Final = 120
COLUMN: Final = 150
KEYS: Final = {"as-is": "Gakudo_AsIs", "can-be": "Gakudo_CanBe", "to-be": "Gakudo_ToBe"}
NAMES: Final = {
    "as-is": "学童クラブ入所申請（現状）",
    "can-be": "学童クラブ入所申請（できる姿）",
    "to-be": "学童クラブ入所申請（あるべき姿）",
}

# (local id, BPMN element, name, lane index, bpr attributes)
Step = tuple[str, str, str, int, str]

STEPS: Final[dict[str, list[Step]]] = {
    "as-is": [
        ("start", "startEvent", "申請したい", 0, ""),
        ("get", "manualTask", "窓口で申請書を受け取る", 0,
         'bpr:duration="PT30M" bpr:wait="P1D" bpr:channel="counter"'),
        ("fill", "manualTask", "申請書を記入する", 0,
         'bpr:duration="PT40M" bpr:paper="3" bpr:seal="true"'),
        ("submit", "manualTask", "窓口に提出する", 0, 'bpr:duration="PT30M" bpr:channel="counter"'),
        ("check", "userTask", "書類を確認する", 1, 'bpr:duration="PT15M"'),
        ("enter", "userTask", "基幹システムに入力する", 1, 'bpr:duration="PT9M" bpr:rekey="true"'),
        ("score", "userTask", "指数を計算する", 2, 'bpr:duration="PT20M"'),
        ("approve", "userTask", "決裁する", 2,
         'bpr:duration="PT10M" bpr:wait="P3D" bpr:approval="true"'),
        ("notify", "sendTask", "結果を郵送する", 1,
         'bpr:duration="PT5M" bpr:wait="P3D" bpr:paper="1"'),
        ("end", "endEvent", "結果が届いた", 0, ""),
    ],
    "can-be": [
        ("start", "startEvent", "申請したい", 0, ""),
        ("apply", "userTask", "オンラインで申請する", 0,
         'bpr:duration="PT20M" bpr:channel="online"'),
        ("check", "userTask", "書類を確認する", 1, 'bpr:duration="PT10M"'),
        ("import", "userTask", "申請データを取り込む", 1, 'bpr:duration="PT1M"'),
        ("score", "userTask", "指数を計算する", 2, 'bpr:duration="PT20M"'),
        ("approve", "userTask", "決裁する", 2,
         'bpr:duration="PT10M" bpr:wait="P3D" bpr:approval="true"'),
        ("notify", "sendTask", "結果を郵送する", 1,
         'bpr:duration="PT5M" bpr:wait="P3D" bpr:paper="1"'),
        ("end", "endEvent", "結果が届いた", 0, ""),
    ],
    "to-be": [
        ("start", "startEvent", "申請したい", 0, ""),
        ("apply", "userTask", "ポータルから申請する", 0,
         'bpr:duration="PT10M" bpr:channel="online" bpr:lifts="system"'),
        ("score", "userTask", "指数を確認する", 2, 'bpr:duration="PT5M"'),
        ("approve", "userTask", "電子決裁する", 2,
         'bpr:duration="PT5M" bpr:wait="P1D" bpr:approval="true"'),
        ("notify", "sendTask", "結果を電子で通知する", 1,
         'bpr:duration="PT1M" bpr:channel="online"'),
        ("end", "endEvent", "結果が届いた", 0, ""),
    ],
}  # fmt: skip


def model(variant: str, *, name: str | None = None, procedure: str = PROCEDURE) -> bytes:
    """One variant as a BPMN file: a pool with three lanes, a straight flow and its DI."""
    key = KEYS.get(variant, f"Gakudo_{variant.replace('-', '_')}")
    steps = STEPS[variant]
    prefix = key.split("_", 1)[1]
    ids = {local: f"{prefix}_{local}" for local, *_ in steps}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for column, (local, kind, _, lane, _) in enumerate(steps):
        w, h = (36.0, 36.0) if kind.endswith("Event") else (110.0, 80.0)
        cx = 230 + column * COLUMN
        cy = lane * LANE_HEIGHT + LANE_HEIGHT / 2
        boxes[local] = (cx - w / 2, cy - h / 2, w, h)
    lanes = "".join(
        f'<bpmn:lane id="{prefix}_Lane{index}" name="{lane}" bpr:actor="{actor}">'
        + "".join(
            f"<bpmn:flowNodeRef>{ids[local]}</bpmn:flowNodeRef>"
            for local, _, _, at, _ in steps
            if at == index
        )
        + "</bpmn:lane>"
        for index, (lane, actor) in enumerate(LANES)
    )
    nodes = "".join(
        f'<bpmn:{kind} id="{ids[local]}" name="{label}" {attrs}/>'
        for local, kind, label, _, attrs in steps
    )
    pairs = list(itertools.pairwise(local for local, *_ in steps))
    flows = "".join(
        f'<bpmn:sequenceFlow id="{prefix}_F{i}" sourceRef="{ids[a]}" targetRef="{ids[b]}"/>'
        for i, (a, b) in enumerate(pairs)
    )
    width = 230 + len(steps) * COLUMN
    shapes = [
        f'<bpmndi:BPMNShape id="{prefix}_Pool_di" bpmnElement="{prefix}_Pool" isHorizontal="true">'
        f'<dc:Bounds x="100" y="0" width="{width - 100}" height="{LANE_HEIGHT * len(LANES)}"/>'
        "</bpmndi:BPMNShape>",
        *(
            f'<bpmndi:BPMNShape id="{prefix}_Lane{i}_di" bpmnElement="{prefix}_Lane{i}" '
            f'isHorizontal="true"><dc:Bounds x="130" y="{i * LANE_HEIGHT}" '
            f'width="{width - 130}" height="{LANE_HEIGHT}"/></bpmndi:BPMNShape>'
            for i in range(len(LANES))
        ),
        *(
            f'<bpmndi:BPMNShape id="{ids[local]}_di" bpmnElement="{ids[local]}">'
            f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>'
            for local, (x, y, w, h) in boxes.items()
        ),
    ]
    for i, (a, b) in enumerate(pairs):
        ax, ay, aw, ah = boxes[a]
        bx, by, _, bh = boxes[b]
        start, end = (ax + aw, ay + ah / 2), (bx, by + bh / 2)
        middle = (start[0] + end[0]) / 2
        points = [start, (middle, start[1]), (middle, end[1]), end]
        waypoints = "".join(f'<di:waypoint x="{px}" y="{py}"/>' for px, py in points)
        shapes.append(
            f'<bpmndi:BPMNEdge id="{prefix}_F{i}_di" bpmnElement="{prefix}_F{i}">{waypoints}'
            "</bpmndi:BPMNEdge>"
        )
    title = name or NAMES.get(variant, variant)
    return definitions(
        f'<bpmn:collaboration id="{prefix}_Collab"><bpmn:participant id="{prefix}_Pool" '
        f'name="子ども家庭課" processRef="{key}"/></bpmn:collaboration>'
        f'<bpmn:process id="{key}" name="{title}" isExecutable="false" '
        f'bpr:procedure="{procedure}" bpr:variant="{variant}" bpr:area="{AREA}">'
        f'<bpmn:laneSet id="{prefix}_LaneSet">{lanes}</bpmn:laneSet>{nodes}{flows}</bpmn:process>'
        f'<bpmndi:BPMNDiagram id="{prefix}_Diagram"><bpmndi:BPMNPlane id="{prefix}_Plane" '
        f'bpmnElement="{prefix}_Collab">{"".join(shapes)}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>',
        root_id=f"{prefix}_Definitions",
    )


def files(*variants: str) -> dict[str, dict[str, bytes]]:
    """Deployable bundles: variant -> {"<variant>.bpmn": content}."""
    return {v: {f"{v}.bpmn": model(v)} for v in variants or tuple(STEPS)}
