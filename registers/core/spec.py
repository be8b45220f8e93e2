"""The registers (台账) as data: which sheets exist, their columns, types and header aliases.

This module is the domain contract of ``shared/spec/registers.md`` written as
Python values.  Everything else (the reader, the rules, the blank templates,
the demo office) is driven from here, so a column is declared exactly once.

Header matching is done on *normalised* text (see :func:`normalise_header`):
Traditional characters become Simplified, whitespace and bracketed units are
dropped and Latin letters are lower-cased.  The aliases below are therefore
written in Simplified Chinese or English only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import ModuleType


def _import_zhconv() -> ModuleType:
    """zhconv reads its dictionary through ``pkg_resources`` when setuptools is installed (50 ms of every
    start, and a deprecation warning in new setuptools) and through a plain ``open`` otherwise: make it
    take the plain way."""
    import sys

    held = "pkg_resources" in sys.modules
    if not held:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # so the import fails: the fallback
    try:
        import zhconv
    finally:
        if not held:
            del sys.modules["pkg_resources"]
    module: ModuleType = zhconv
    return module


zhconv = _import_zhconv()

# Value kinds understood by :mod:`registers.core.values`.
KINDS = frozenset(
    {
        "text",  # free text, stripped
        "id",  # an identifier (receipt number, repair id...), stripped
        "ids",  # one or more identifiers separated by 、,;/ or spaces
        "date",  # a calendar date (a time part, if typed, is kept)
        "datetime",  # a moment; date alone means 00:00
        "time",  # a time of day combined with the row's ``date_from`` field
        "money",  # an amount in fen (int); negative allowed
        "number",  # a plain number (area, quantity, count)
        "int",  # a whole number
        "phone",  # a mobile or landline number
        "bool",  # yes/no
        "signature",  # a name, √ or 已签 means signed; empty means unsigned
        "unit",  # a unit (房号): building-entrance-room
        "enum",  # one of ``Field.choices``
        "period",  # the months paid for: start month + count
        "remark",  # free text where 无 / - / — mean "nothing"
        "flag_or_text",  # yes/no, or a description meaning yes
        "roll",  # a fee roll's month cell: an amount paid, 已缴/√ (paid in full), 0/未缴 (unpaid), -/空置 (not billed)
    }
)


@dataclass(frozen=True)
class Field:
    """One column of a register sheet."""

    name: str
    kind: str
    label: str  # the header a blank template uses (Simplified Chinese)
    label_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # canonical values of an enum (Simplified)
    choice_aliases: tuple[tuple[str, str], ...] = ()  # (spelling, canonical)
    date_from: str | None = None  # for ``time`` fields: the date column it belongs to
    # A required field whose emptiness a domain rule reports more precisely
    # (e.g. a key loan without an approver is ``key.unregistered-borrow``);
    # ``input.missing-value`` then leaves it to that rule.
    missing_rule: str | None = None
    # A header not among the aliases names this field when it holds one term of every group (缴费 + 时间)
    # and none of ``not_terms`` — and the column's values look like the field's kind (detect checks them).
    terms: tuple[tuple[str, ...], ...] = ()
    not_terms: tuple[str, ...] = ()
    # A column that is one part of another field's value (楼栋 | 单元 | 房号 is one unit): joined into that
    # field when read; it has no column of its own in the frame, nor in a blank template.
    part_of: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for field {self.name}")

    @property
    def header_keys(self) -> tuple[str, ...]:
        keys = {normalise_header(self.label), normalise_header(self.label_en), normalise_header(self.name)}
        keys.update(normalise_header(a) for a in self.aliases)
        keys.discard("")
        return tuple(sorted(keys))


@dataclass(frozen=True)
class SheetKind:
    """A kind of sheet: one register, or one part of a multi-sheet register."""

    register: str  # register id in the rules contract, e.g. ``fee_ledger``
    part: str  # e.g. ``receipts``; equals ``register`` for one-sheet registers
    title: str  # what clerks call it
    title_en: str
    fields: tuple[Field, ...]
    id_field: str | None = None  # unique per row (input.duplicate-id)
    date_field: str | None = None  # the date that places a row in a period
    optional: bool = False  # an office may legitimately not keep it
    extra_keys: tuple[str, ...] = field(default=())
    # Words of a sheet name or title that say a sheet is this kind (支出表, 收费明细): evidence for it.
    names: tuple[str, ...] = ()
    # Fields of which at least one must have a column for a sheet to be this kind: a receipts journal
    # names the unit or the payer, a duty log what happened (an expense sheet, a roster do not).
    core: tuple[str, ...] = ()
    # A sheet with a column per month (the fee roll): its month columns are found by reading the headers as
    # months (``1月``, ``2026-01``, ``一月``, ``Jan``; 应收 above them: what was due), and it is this kind only
    # with at least :data:`ROLL_MIN_MONTHS` of them.
    months: bool = False
    # Fields of other sheet kinds (``key:field``) whose header in a sheet says it is not this kind: a receipts
    # journal's 收据号 or 收款日期 is no bill list's.
    not_with: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # a kind is its register and part (the header search looks kinds up in caches thousands of
        # times: hashing every field of every kind each time was a tenth of its cost)
        return hash((self.register, self.part))

    @property
    def key(self) -> str:
        return self.register if self.part == self.register else f"{self.register}.{self.part}"

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @cached_property
    def required(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


def F(name: str, kind: str, label: str, label_en: str, *aliases: str, **kw: object) -> Field:
    return Field(name=name, kind=kind, label=label, label_en=label_en, aliases=aliases, **kw)  # type: ignore[arg-type]


YES_NO = "bool"

METHODS = ("现金", "微信", "支付宝", "银行卡", "转账")
METHOD_ALIASES = (
    ("微信支付", "微信"), ("wechat", "微信"), ("wechatpay", "微信"), ("wx", "微信"),
    ("alipay", "支付宝"), ("支付宝支付", "支付宝"), ("zfb", "支付宝"),
    ("cash", "现金"), ("刷卡", "银行卡"), ("pos", "银行卡"), ("银联", "银行卡"), ("card", "银行卡"),
    ("bankcard", "银行卡"), ("银行转账", "转账"), ("transfer", "转账"), ("对公转账", "转账"),
)

UNIT_FIELD = F("unit", "unit", "房号", "Unit", "房屋编号", "房间号", "门牌号", "户号", "地址/房号", "unitno",
               "室号", "单元号", "房屋", "房间", "铺位", "铺位号", "商铺号", "原单元号", "新单元号", "房号/铺位",
               "车位号", "房产编号", "unit no", "unit number", "room", "room no", "flat", "flat no", "shop no",
               required=True,
               terms=(("房", "室", "铺", "单元", "户", "车位"), ("号", "编号", "编码", "位")),
               not_terms=("电话", "面积", "人", "数", "类", "金额", "费", "账户", "帐户", "账号", "状态"))
PHONES = ("电话", "手机", "手机号", "联系方式", "电话号码", "手机号码", "联系手机", "联系号码", "tel", "telephone",
          "mobile", "phone no", "contact")
DATE_WORDS = ("日期", "时间")


def unit_parts(of: str) -> tuple[Field, ...]:
    """The building and entrance columns of a sheet that splits its units over columns (楼栋 | 单元 | 房号):
    parts of field ``of``, which holds the room."""
    return (
        F("building", "text", "楼栋", "Building", "楼栋号", "栋号", "栋", "幢", "幢号", "楼号", "楼座", "座",
          "座号", "block", "bldg", part_of=of),
        F("entrance", "text", "单元", "Entrance", "门洞", part_of=of),
    )


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The fewest month columns that make a sheet a fee roll (a units archive with one 1月 column is none).
ROLL_MIN_MONTHS = 3

SHEET_KINDS: tuple[SheetKind, ...] = (
    SheetKind(
        "units", "units", "业主档案", "Owner archive",
        (
            UNIT_FIELD,
            F("owner", "text", "业主姓名", "Owner", "业主", "姓名", "户主", "ownername", "业主名称", "客户名称", "客户",
              "客户姓名", "产权人", "业主名", "customer", required=True),
            F("phone", "phone", "联系电话", "Phone", *PHONES),
            F("area", "number", "建筑面积", "Area", "面积", "房屋面积", "建面", "产权面积", "计费面积", "收费面积",
              "gross area", "floor area", required=True),
            F("handover_date", "date", "交房日期", "Handover date", "交付日期"),
            F("status", "enum", "状态", "Status", "房屋状态", choices=("入住", "空置", "装修中"),
              choice_aliases=(("已入住", "入住"), ("空房", "空置"), ("装修", "装修中"))),
            *unit_parts("unit"),
        ),
        id_field="unit", names=("业主档案", "业主信息", "住户档案", "业主资料", "房屋信息"),
        core=("area", "phone", "handover_date", "status"),
    ),
    SheetKind(
        "repair_log", "repair_log", "住户报修记录表", "Repair log",
        (
            F("repair_id", "id", "报修编号", "Repair ID", "报修单号", "编号"),
            F("reported_at", "datetime", "报修时间", "Reported at", "报修日期", "来电时间", "报修时刻", required=True,
              terms=(("报修",), DATE_WORDS)),
            F("resident", "text", "住户姓名", "Resident", "报修人", "住户", "姓名", "业主", "业主姓名", "客户",
              "报修业主", "联系人", required=True),
            F("address", "unit", "地址/房号", "Address", "地址", "房号", "住址", "报修地址", required=True),
            F("phone", "phone", "联系电话", "Phone", *PHONES, required=True),
            F("content", "text", "报修内容", "Content", "维修内容", "报修事项", "故障描述", "故障内容", "问题描述",
              "维修项目", required=True),
            F("appointment", "datetime", "预约维修时间", "Appointment", "预约时间", required=True),
            F("dispatched_at", "datetime", "通知维修时间", "Dispatched at", "派工时间", "通知时间"),
            F("technician", "text", "维修人员", "Technician", "维修人", "维修工"),
            F("work_order_no", "id", "维修任务单号", "Work order no", "任务单号", "派工单号", "工单号"),
            F("completed_at", "datetime", "完成时间", "Completed at", "维修完成时间", "完工时间"),
            F("note", "remark", "备注", "Note", "说明"),
            *unit_parts("address"),
        ),
        id_field="repair_id", date_field="reported_at", names=("报修", "维修记录"),
    ),
    SheetKind(
        "return_visits", "return_visits", "回访记录表", "Return visits",
        (
            F("visited_at", "datetime", "回访时间", "Visited at", "回访日期", required=True),
            F("kind", "enum", "回访类型", "Kind", "类型", "回访类别", required=True, choices=("报修", "投诉"),
              choice_aliases=(("维修", "报修"), ("repair", "报修"), ("complaint", "投诉"))),
            F("ref_id", "id", "关联编号", "Ref ID", "报修/投诉编号", "关联单号", "单号", required=True),
            F("unit", "unit", "房号", "Unit", "地址"),
            F("visitor", "text", "回访人", "Visitor", "回访人员", required=True),
            F("method", "enum", "回访方式", "Method", choices=("电话", "上门", "微信"),
              choice_aliases=(("phone", "电话"), ("visit", "上门"), ("wechat", "微信"), ("当面", "上门"))),
            F("result", "text", "回访结果", "Result", "回访意见", "满意度", required=True, missing_rule="visit.no-result"),
            F("note", "remark", "备注", "Note", "说明"),
            *unit_parts("unit"),
        ),
        date_field="visited_at", names=("回访",),
    ),
    SheetKind(
        "complaints", "complaints", "业主投诉记录表", "Complaints",
        (
            F("complaint_id", "id", "投诉编号", "Complaint ID", "投诉单号", "编号"),
            F("received_at", "datetime", "投诉时间", "Received at", "投诉日期", "受理时间", required=True),
            F("complainant", "text", "投诉人", "Complainant", "投诉人姓名", "投诉业主", required=True),
            F("unit", "unit", "房号", "Unit", "地址"),
            F("phone", "phone", "联系电话", "Phone", *PHONES),
            F("content", "text", "投诉内容", "Content", "投诉事项", "投诉事由", "投诉问题", required=True),
            F("category", "text", "投诉类别", "Category", "类别"),
            F("receiver", "text", "受理人", "Receiver", "接待人", "受理人员", "接待人员", "接诉人", required=True),
            F("forwarded_to", "text", "转交部门", "Forwarded to", "处理部门"),
            F("forwarded_at", "datetime", "转交时间", "Forwarded at"),
            F("result", "remark", "处理结果", "Result", "处理情况"),
            F("closed_at", "datetime", "完结时间", "Closed at", "结案时间", "办结时间"),
            *unit_parts("unit"),
        ),
        id_field="complaint_id", date_field="received_at", names=("投诉",),
    ),
    SheetKind(
        "keys", "inventory", "钥匙清单", "Key inventory",
        (
            F("key_id", "id", "钥匙编号", "Key ID", "编号", required=True),
            F("category", "enum", "钥匙类别", "Category", "类别", required=True,
              choices=("业主钥匙", "公共门窗钥匙", "设备房钥匙", "水表箱钥匙"),
              missing_rule=None),
            F("kind", "text", "钥匙种类", "Kind", "种类"),
            F("label", "text", "标识", "Label", "标签", "房号/楼层/设备", "对应位置", required=True,
              missing_rule="key.bad-label"),
            F("count", "int", "数量", "Count", "把数"),
            F("emergency_spare", "bool", "紧急备用", "Emergency spare", "应急备用", "备用"),
            F("location", "text", "存放位置", "Location", "存放处"),
        ),
        id_field="key_id", names=("钥匙清单", "钥匙台账"),
    ),
    SheetKind(
        "keys", "ledger", "钥匙借还记录", "Key loans",
        (
            F("out_at", "datetime", "借出时间", "Out at", "借用时间", "借出日期", required=True),
            F("key_id", "id", "钥匙编号", "Key ID", required=True),
            F("borrower", "text", "借用人", "Borrower", "借钥匙人", required=True, missing_rule="key.unregistered-borrow"),
            F("department", "remark", "部门/单位", "Department", "部门", "单位", "所属部门"),
            F("purpose", "text", "借用事由", "Purpose", "事由", "用途", required=True, missing_rule="key.unregistered-borrow"),
            F("approver", "text", "批准人", "Approver", "审批人", required=True, missing_rule="key.unregistered-borrow"),
            F("due_at", "datetime", "预计归还时间", "Due at", "应还时间"),
            F("returned_at", "datetime", "归还时间", "Returned at", "实际归还时间"),
            F("keeper", "text", "经手人", "Keeper", "管理人"),
        ),
        date_field="out_at", names=("钥匙借", "借还"),
    ),
    SheetKind(
        "archives", "inspections", "档案检查记录", "Archive inspections",
        (
            F("date", "date", "检查日期", "Date", "检查时间", required=True),
            F("inspector", "text", "检查人", "Inspector", required=True),
            F("scope", "text", "检查内容", "Scope"),
            F("findings", "remark", "发现问题", "Findings", "存在问题"),
            F("remedy", "remark", "整改情况", "Remedy", "整改措施"),
        ),
        date_field="date", names=("档案检查",),
    ),
    SheetKind(
        "archives", "loans", "档案借阅记录", "Archive loans",
        (
            F("date", "date", "借阅日期", "Date", "借阅时间", required=True),
            F("file", "text", "档案编号/名称", "File", "档案名称", "档案编号", "档案", required=True),
            F("borrower", "text", "借阅人", "Borrower", required=True),
            F("kind", "enum", "借阅类型", "Kind", "类型", required=True, choices=("查阅", "借阅", "上级检查"),
              choice_aliases=(("检查", "上级检查"),)),
            F("purpose", "text", "事由", "Purpose", "借阅事由"),
            F("approver", "text", "批准人", "Approver", "审批人"),
            F("returned_at", "date", "归还日期", "Returned at", "归还时间"),
        ),
        date_field="date", names=("档案借阅", "借阅"),
    ),
    SheetKind(
        "renovations", "renovations", "装修登记", "Renovations",
        (
            F("permit_id", "id", "申请编号", "Permit ID", "编号", "许可证号"),
            UNIT_FIELD,
            F("owner", "text", "业主", "Owner", "业主姓名", "申请人", required=True),
            F("applied_at", "date", "申请日期", "Applied at", "申请时间", required=True),
            F("scope", "text", "装修内容", "Scope", "装修项目", required=True),
            F("alterations", "flag_or_text", "涉及改动", "Alterations", "结构改动", "改动"),
            F("verified_by", "text", "维修部核实人", "Verified by", "核实人"),
            F("verified_at", "date", "核实日期", "Verified at", "核实时间"),
            F("approved_at", "date", "审批日期", "Approved at", "批准日期"),
            F("fee", "money", "装修管理费", "Fee", "管理费"),
            F("deposit", "money", "装修押金", "Deposit", "押金"),
            F("receipt_no", "ids", "收据号", "Receipt no", "收据编号", "票据号"),
            F("started_at", "date", "开工日期", "Started at", "开工时间"),
            F("finished_at", "date", "完工日期", "Finished at", "完工时间"),
            F("inspected_at", "date", "验收日期", "Inspected at", "验收时间"),
            F("inspector", "text", "验收人", "Inspector"),
            F("deposit_refunded_at", "date", "押金退还日期", "Deposit refunded at", "退押金日期", "押金退还时间"),
            *unit_parts("unit"),
        ),
        id_field="permit_id", date_field="applied_at", names=("装修",),
    ),
    SheetKind(
        "fee_ledger", "receipts", "收费明细", "Receipts",
        (
            F("receipt_no", "id", "收据号", "Receipt no", "收据编号", "票据号", "单据号", "收条号码", "收条号", "收据号码",
              "票据号码", "票据编号", "单据编号", "收据单号", "official receipt no", "receipt number", "or no",
              required=True, terms=(("收据", "收条", "票据", "单据"), ("号", "编号", "号码"))),
            F("paid_at", "datetime", "收款日期", "Paid at", "收款时间", "缴费日期", "收费日期", "日期", "缴费时间",
              "缴纳日期", "缴纳时间", "交费日期", "交费时间", "缴款日期", "缴款时间", "入账日期", "收据日期",
              "开票日期", "payment date", "date paid", "receipt date", "date", required=True,
              terms=(("缴费", "缴纳", "交费", "缴款", "交款", "收款", "收费", "入账"), DATE_WORDS),
              not_terms=("应", "截止", "到期", "起", "止")),
            UNIT_FIELD,
            F("payer", "text", "缴款人", "Payer", "交款人", "付款人", "客户", "客户名称", "客户姓名", "业主名称", "业主",
              "业主姓名", "缴费人", "交费人", "缴费人姓名", "户名", "姓名", "payer name", "paid by", "customer",
              "owner", terms=(("缴费", "交费", "缴款", "交款", "付款"), ("人", "名"))),
            F("item", "text", "收费项目", "Item", "项目", "费用名称", "费用项目", "缴费项目", "收费类型", "费用类型",
              "项目名称", "费项", "收费名称", "fee item", "charge item", required=True),
            F("period", "period", "所属期间", "Period", "缴费期间", "费用期间", "所属月份", "费用所属期", "所属期",
              "计费期间", "收费期间", "缴费月份", "计费周期", "费用周期", "起止月份", "所属年月", "billing period"),
            F("months", "number", "月数", "Months"),
            F("quantity", "number", "数量", "Quantity", "用量", "面积"),
            F("unit_price", "money", "单价", "Unit price"),
            F("amount", "money", "金额", "Amount", "收款金额", "实收金额", "实缴金额", "实交金额", "缴费金额", "交费金额",
              "收费金额", "已缴金额", "实收款", "amount paid", "paid amount", "received amount", required=True,
              terms=(("实缴", "实收", "实交", "已缴", "已收", "收款", "缴费", "交费", "缴纳"), ("金额", "款额")),
              not_terms=("应", "欠", "未", "减免", "优惠", "滞纳", "折扣")),
            F("method", "enum", "收款方式", "Method", "支付方式", "付款方式", "缴费方式", "交费方式", "付款类型",
              "支付渠道", "收款渠道", "缴费渠道", "payment method", "pay method", "payment type", required=True,
              choices=METHODS, choice_aliases=METHOD_ALIASES,
              terms=(("支付", "付款", "缴费", "收款", "交费", "收费"), ("方式", "渠道"))),
            F("cashier", "text", "收款人", "Cashier", "收费员", "经手人", "收银员", "收银", "收银人", "收款员",
              "收费人", "收款人员", "收费人员", "开票人", "collected by", required=True,
              terms=(("收款", "收费", "收银"), ("人", "员"))),
            F("status", "enum", "状态", "Status", "票据状态", choices=("正常", "作废"),
              choice_aliases=(("void", "作废"), ("voided", "作废"), ("已作废", "作废"), ("废", "作废"),
                              ("normal", "正常"), ("有效", "正常"))),
            F("note", "remark", "备注", "Note", "说明"),
            *unit_parts("unit"),
        ),
        id_field="receipt_no", date_field="paid_at", core=("unit", "payer"),
        names=("收费明细", "收款明细", "收费记录", "收款记录", "缴费记录", "缴费明细", "收据", "收费台账", "收入明细"),
    ),
    SheetKind(
        "fee_ledger", "schedule", "收费标准", "Fee schedule",
        (
            F("item", "text", "收费项目", "Item", "项目", "费用名称", required=True),
            F("class", "enum", "类别", "Class", "费用类别", "收费类别", required=True,
              choices=("物业服务费", "代收代缴", "装修管理费", "押金", "其他"),
              choice_aliases=(("物业费", "物业服务费"), ("代收", "代收代缴"), ("装修费", "装修管理费"),
                              ("其它", "其他"), ("other", "其他"))),
            F("basis", "enum", "计费方式", "Basis", "计费单位", "收费方式", required=True,
              choices=("按面积", "按户", "按用量", "按次"),
              choice_aliases=(("元/平方米·月", "按面积"), ("元/㎡·月", "按面积"), ("面积", "按面积"),
                              ("元/户·月", "按户"), ("户", "按户"), ("用量", "按用量"), ("次", "按次"),
                              ("per m2", "按面积"), ("per unit", "按户"), ("per use", "按用量"),
                              ("per time", "按次"))),
            F("unit_price", "money", "单价", "Unit price", "收费标准", "价格", required=True),
            F("valid_from", "date", "生效日期", "Valid from", "执行日期", "起始日期"),
            F("valid_to", "date", "失效日期", "Valid to", "截止日期", "终止日期"),
        ),
        names=("收费标准", "价目"),
    ),
    SheetKind(
        "fee_ledger", "handover", "日结上交", "Daily handover",
        (
            F("date", "date", "日期", "Date", "收款日期", "日结日期", required=True),
            F("cashier", "text", "收款人", "Cashier", "收费员", "交款人", required=True),
            F("cash_handed", "money", "现金上交", "Cash handed", "上交现金", "现金上交金额", "上交金额", required=True),
            F("noncash_total", "money", "非现金合计", "Non-cash total", "非现金"),
            F("handed_at", "datetime", "上交时间", "Handed at"),
            F("receiver", "text", "接收人", "Receiver", "收款确认人", required=True),
            F("deposit_slip", "id", "存款单号", "Deposit slip", "存单号"),
            F("large_reported", "bool", "大额已报", "Large reported", "大额上报", "大额是否上报"),
        ),
        date_field="date", names=("日结", "上交"),
    ),
    SheetKind(
        "fee_ledger", "expenditures", "支出明细", "Expenditures",
        (
            F("date", "date", "日期", "Date", "支出日期", "报销日期", "付款日期", "发生日期", "expense date", required=True,
              terms=(("支出", "报销", "付款"), DATE_WORDS)),
            F("voucher", "id", "凭证号", "Voucher", "单据号", "凭证编号", "票据号", "票据号码", "票据编号", "凭证号码",
              "发票号", "发票号码", "票号", "报销单号", "单据编号", "voucher no", "invoice no", required=True,
              terms=(("凭证", "票据", "单据", "发票", "报销单"), ("号", "编号", "号码"))),
            F("category", "text", "支出类别", "Category", "类别", "费用类别", "项目", "支出项目", "费用项目", "支出科目",
              "费用科目", "科目", "支出类型", "expense category", "item", required=True),
            F("description", "text", "摘要", "Description", "事由", "用途", "内容", "支出内容", "明细", "支出事由",
              "details"),
            F("amount", "money", "金额", "Amount", "支出金额", "付款金额", "报销金额", "实付金额", "支付金额",
              "expense amount", required=True, terms=(("支出", "报销", "付款", "实付", "支付"), ("金额",))),
            F("method", "enum", "付款方式", "Method", "支付方式", "支出方式", "结算方式", "payment method",
              choices=("现金", "转账"),
              choice_aliases=(("cash", "现金"), ("transfer", "转账"), ("银行转账", "转账"))),
            F("handler", "text", "经办人", "Handler", "经手人", "支出人", "报销人", "领款人", "经办", "handled by",
              required=True, terms=(("支出", "报销", "领款", "经办"), ("人",))),
            F("approver", "text", "审批人", "Approver", "批准人", "审核人", "签批人", "审批", "approved by",
              required=True, missing_rule="fee.unapproved-expense"),
        ),
        date_field="date", names=("支出", "报销"),
    ),
    SheetKind(
        "fee_ledger", "cash_counts", "现金盘点", "Cash counts",
        (
            F("at", "datetime", "盘点时间", "Counted at", "盘点日期", required=True),
            F("counted", "money", "盘点金额", "Counted", "实盘金额", "库存现金", required=True),
            F("counter", "text", "盘点人", "Counter", required=True),
            F("witness", "text", "监盘人", "Witness"),
        ),
        date_field="at", optional=True, names=("盘点",),
    ),
    SheetKind(
        "fee_ledger", "roll", "收费台账（按户）", "Fee roll",
        (
            UNIT_FIELD,
            F("owner", "text", "业主", "Owner", "客户", "客户名称", "客户姓名", "业主姓名", "业主名称", "姓名", "户名",
              "户主", "customer", "owner name"),
            F("area", "number", "面积", "Area", "建筑面积", "计费面积", "收费面积", "房屋面积", "建面", "产权面积",
              "gross area", "floor area"),
            F("rate", "money", "单价", "Rate", "收费标准", "收费单价", "单价元", "标准", "price", "unit price"),
            F("item", "text", "收费项目", "Item", "项目", "费用名称", "费用项目", "费项", "fee item"),
            F("due", "money", "月应收", "Due per month", "应收", "每月应收", "月应缴", "应收金额", "月收费", "月费用",
              "monthly fee", "monthly due"),
            F("total_paid", "money", "已缴合计", "Total paid", "合计", "已缴", "实收合计", "已缴金额", "缴费合计",
              "已交合计", "实缴合计", "total paid", "total"),
            F("arrears", "money", "欠费", "Arrears", "未缴", "欠费金额", "未缴金额", "欠缴", "欠款", "arrears",
              "outstanding"),
            *(F(f"m{m:02d}", "roll", f"{m}月", _MONTHS_EN[m - 1]) for m in range(1, 13)),
            *(F(f"d{m:02d}", "money", f"{m}月应收", f"{_MONTHS_EN[m - 1]} due") for m in range(1, 13)),
            F("note", "remark", "备注", "Note", "说明"),
            *unit_parts("unit"),
        ),
        optional=True, months=True, names=("收费台账", "缴费台账", "收费登记", "物业费", "收缴"),
    ),
    SheetKind(
        "fee_ledger", "bills", "应收清单", "Bills",
        (
            F("bill_id", "id", "编码", "Bill no", "账单号", "账单编号", "应收单号", "bill no", "bill id"),
            F("unit", "unit", "房号", "Unit", "单元代码", "室号", "房屋编号", "房间号", "门牌号", "户号", "房产编号",
              "铺位号", "unit no", "unit code", "room", required=True),
            F("payer", "text", "客户", "Payer", "业主", "客户名称", "客户姓名", "业主姓名", "缴费人", "户名", "姓名",
              "customer", "owner"),
            F("area", "number", "面积", "Area", "建筑面积", "计费面积", "收费面积"),
            F("rate", "money", "单价", "Rate", "收费标准", "price", "unit price"),
            F("months", "number", "月数", "Months", "计费月数"),
            F("period", "period", "所属期间", "Period", "计费期间", "费用期间", "所属月份", "账期", "所属期", "billing period"),
            F("amount_due", "money", "应收金额", "Amount due", "金额", "应收", "应缴金额", "应交金额", "应收款",
              "本期应收", "amount due", "amount", required=True),
            F("item", "text", "收费项目", "Item", "项目", "费用名称", "费用项目", "费项", "fee item"),
            F("note", "remark", "备注", "Note", "说明"),
            *unit_parts("unit"),
        ),
        id_field="bill_id", optional=True, names=("应收清单", "应收明细", "账单", "应收款"),
        not_with=("fee_ledger.receipts:receipt_no", "fee_ledger.receipts:paid_at", "fee_ledger.receipts:method",
                  "fee_ledger.receipts:cashier"),
    ),
    SheetKind(
        "duty_log", "duty_log", "值班记录表", "Duty log",
        (
            F("date", "date", "日期", "Date", "值班日期", required=True),
            F("officer", "text", "值班人", "Officer", "值班人员", "值班员", required=True, missing_rule="duty.incomplete"),
            F("start", "time", "开始时间", "Start", "值班开始", "起始时间", required=True, date_from="date",
              missing_rule="duty.incomplete"),
            F("end", "time", "结束时间", "End", "值班结束", required=True, date_from="date",
              missing_rule="duty.incomplete"),
            F("situation", "remark", "值班情况", "Situation", "情况记录", "值班记录", "事件记录", "工作记录", required=True,
              missing_rule="duty.incomplete"),
            F("outcome", "remark", "处理结果", "Outcome", "处理情况", "处理意见", "处理措施", required=True,
              missing_rule="duty.incomplete"),
            F("major", "bool", "重大事件", "Major event", "是否重大事件"),
            F("report_date", "date", "书面报告日期", "Report date", "报告日期"),
        ),
        date_field="date", names=("值班记录", "值班日志"), core=("situation", "outcome"),
    ),
    SheetKind(
        "handovers", "handovers", "交接班记录", "Shift handovers",
        (
            F("at", "datetime", "交接时间", "Handover at", "交接班时间", "日期", required=True),
            F("outgoing", "text", "交班人", "Outgoing", required=True),
            F("incoming", "text", "接班人", "Incoming", required=True),
            F("pending", "remark", "未完成工作", "Pending", "未完成事项", "遗留问题"),
            F("instructions", "remark", "领导指令", "Instructions", "领导指示"),
            F("repairs", "remark", "公共区域维修情况", "Repairs", "公共维修情况"),
            F("open_major", "bool", "重大事件未处理", "Open major event", "未处理重大事件"),
            F("outgoing_signed", "signature", "交班人签字", "Outgoing signed", "交班签字", required=True,
              missing_rule="handover.unsigned"),
            F("incoming_signed", "signature", "接班人签字", "Incoming signed", "接班签字", required=True,
              missing_rule="handover.unsigned"),
        ),
        date_field="at", names=("交接班",),
    ),
)

KIND_BY_KEY: dict[str, SheetKind] = {k.key: k for k in SHEET_KINDS}

# The sheet keys (``SheetKind.key``) as names: the rules, views, reports and history look sheets up by
# these, so a key is typed here once and a misspelt one is a NameError, not an empty frame
# (tests/core/test_spec_keys.py checks that they are exactly the keys of SHEET_KINDS).
UNITS = "units"
REPAIRS = "repair_log"
VISITS = "return_visits"
COMPLAINTS = "complaints"
INVENTORY = "keys.inventory"
LEDGER = "keys.ledger"
INSPECTIONS = "archives.inspections"
LOANS = "archives.loans"
RENOVATIONS = "renovations"
RECEIPTS = "fee_ledger.receipts"
SCHEDULE = "fee_ledger.schedule"
HANDOVER = "fee_ledger.handover"
EXPENDITURES = "fee_ledger.expenditures"
CASH_COUNTS = "fee_ledger.cash_counts"
ROLL = "fee_ledger.roll"
BILLS = "fee_ledger.bills"
DUTY = "duty_log"
HANDOVERS = "handovers"
SHEET_KEYS: tuple[str, ...] = (
    UNITS, REPAIRS, VISITS, COMPLAINTS, INVENTORY, LEDGER, INSPECTIONS, LOANS, RENOVATIONS,
    RECEIPTS, SCHEDULE, HANDOVER, EXPENDITURES, CASH_COUNTS, ROLL, BILLS, DUTY, HANDOVERS,
)
# A register of several sheets, named where a rule declares it reads the whole register.
FEE_LEDGER = "fee_ledger"
REGISTERS: tuple[str, ...] = tuple(dict.fromkeys(k.register for k in SHEET_KINDS))

_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_UNITS_SUFFIX = re.compile(r"(m²|m2|㎡|平方米|元|kwh|吨)$")
_DROP = re.compile(r"[\s*＊:：_\-—.·/、，,]+")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → Simplified, character by character (headers, enum values, item names).

    ASCII text is itself (no word of the conversion table is ASCII): receipt numbers, units and
    dates met in the header search skip the table walk."""
    if text.isascii():
        return text
    simplified: str = zhconv.convert(text, "zh-cn")
    return simplified


@lru_cache(maxsize=8192)
def normalise_header(text: object) -> str:
    """The comparable form of a header cell: ``'金額（元）'`` → ``'金额'``; ``'Receipt No.'`` → ``'receiptno'``.

    Slashes are kept out of the comparison too, so ``地址/房号`` and ``地址房号`` match.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    s = to_simplified(s)
    s = _BRACKETS.sub("", s)
    s = _DROP.sub("", s)
    s = _UNITS_SUFFIX.sub("", s) if len(s) > 2 else s
    return s


@lru_cache(maxsize=4096)
def normalise_choice(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"\s+", "", to_simplified(s))


def field_label(kind: SheetKind, name: str, lang: str) -> str:
    """The column's name as a user of ``lang`` reads it."""
    f = kind.field(name)
    if lang == "en":
        return f.label_en
    if lang == "zh-Hant":
        return to_traditional(f.label)
    return f.label


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    traditional: str = zhconv.convert(text, "zh-tw")
    return traditional
