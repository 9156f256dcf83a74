"""The campaign's 31 items in 4 categories, worded after the director's speech.

Shipped by a data migration; afterwards the wording is data that 督导小组 edits. The migration
imports this list, so change it only together with a new migration.
"""

CHECKLIST: list[tuple[str, str, list[str]]] = [
    (
        "1",
        "工作纪律",
        [
            "上班缺岗",
            "上班脱岗",
            "上班串岗",
            "迟到早退",
            "外出不请假",
            "不到点就去餐厅",
            "工作时间看视频、网购、炒股、玩游戏、玩手机",
            "私自外传会议内容",
            "私自复印会议纪要",
            "通过网络、微信私自转发内部文件",
            "不严格执行请销假、请示报告制度",
        ],
    ),
    (
        "2",
        "作风效能",
        [
            "宗旨意识淡薄",
            "精神状态不佳，得过且过、安于现状、不思进取",
            "工作标准不高，满足于“差不多”“过得去”",
            "办事效率低下，不急不慢、不催不动",
            "不作为、慢作为、乱作为",
            "以会议传达会议",
            "做表面文章，表态多、调门高",
            "推诿扯皮、揽功推活、阳奉阴违",
        ],
    ),
    (
        "3",
        "形象修养",
        [
            "言行举止不当、仪表不得体",
            "浪费办公用品、水、电、食物",
            "中午饮酒",
            "品行不端",
        ],
    ),
    (
        "4",
        "“三公”消费",
        [
            "财务管理不规范",
            "接受宴请",
            "吃拿卡要",
            "接受款物",
            "公务用车不规范",
            "私车公养",
            "超标准接待",
            "变相公款旅游",
        ],
    ),
]

# Items the weekly compile files its attendance candidates under (缺岗, 迟到早退, 请销假).
AUTO_ITEM_CODES = {"absent": "1-01", "late_early": "1-04", "report_back": "1-11"}
# Items the vehicle checks file under ("三公"消费: 公务用车不规范; a gap in a car's odometer is
# kilometres driven off the log, on fuel the office pays: 私车公养).
VEHICLE_ITEM_CODES = {
    "no_request": "4-05",
    "off_hours": "4-05",
    "odometer_gap": "4-06",
    "repeat_place": "4-05",
}
# Items a missed 督办 deadline is filed under (作风效能): not reported done by the 办结时限 is
# 慢作为; progress not reported on the feedback day is 不催不动 (the seed: "第一时间落实、
# 第一时间反馈").
INSTRUCTION_ITEM_CODES = {"done_late": "2-05", "report_late": "2-04"}
