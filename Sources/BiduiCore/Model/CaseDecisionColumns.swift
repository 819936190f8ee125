/// The work lists' headers that the reconcile stage reads back from a filled-in file, and the words
/// officers write in them (DOMAIN.md, "Case decisions (核实结果)"). Report writes these headers and
/// Reconcile reads them; neither depends on the other, so the names live here, once.
public enum CaseDecisionColumns {
    /// 属实 or 不属实, filled in by the officer.
    public static let outcome = "核实结果"
    /// For 不属实: one of `reasons`, or free text.
    public static let reason = "核实原因"
    public static let note = "核实说明"
    /// The day the case was checked; blank means the reference date of the run that first stores it.
    public static let date = "核实日期"
    /// The four columns at the end of every work list, in order.
    public static let all = [outcome, reason, note, date]

    /// Columns that identify a line's finding: the category (a CSV's or the 已核实 sheet's column;
    /// a category sheet's name otherwise), the person, and for per-row categories the first source row.
    public static let category = "类别"
    public static let personID = "人员编号"
    public static let files = "来源文件"
    public static let sheets = "工作表"
    public static let rows = "行号"

    /// The workbook's sheet of findings that already carry a decision.
    public static let decidedSheetName = "已核实"

    public static let confirmed = "属实"
    public static let rejected = "不属实"
    /// The reasons DOMAIN.md names for 不属实; `studyingElsewhere` keeps a person off the dropout list.
    public static let studyingElsewhere = "异地就读"
    public static let reasons = [studyingElsewhere, "已死亡", "已迁出", "重复登记", "其他"]
    /// A CSV's sheet cell for a source row that has no sheet.
    public static let noSheet = "-"
}
