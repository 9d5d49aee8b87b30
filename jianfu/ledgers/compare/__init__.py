"""The dual-ledger comparison (双台账比对): a unit's hand-made statistics ledger against the one
Jianfu derives from its daily ledger.

- `match.compare_lines` — pure: hand-made rows and daily lines in, the four lists out;
- `service.hand_ledger_compare` — read the upload, compare, store the result (audit "import");
- `selectors` — a result's lines, the county's accuracy overview;
- `export.hand_ledger_xlsx` — the result as a workbook.

Accuracy rate (准确率) = agreed / (agreed + missed + wrong + not_in_daily), where
agreed = hand-made rows matched to a counted daily line; missed (漏统) = counted daily lines in
the period that no hand-made row matched; wrong (错统) = hand-made rows matched to a daily line the
criteria do not count; not_in_daily = hand-made rows matching no daily line at all. Repeated
hand-made rows (the same daily line listed twice) are shown but do not enter the rate.
A hand-made ledger that lists every item with its own 是否计入 (是/否) is read by that flag: a
row marked 否 agrees with a line the criteria do not count, and is missed when they count it.
"""
