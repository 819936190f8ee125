/// Header texts that map to each canonical field.
///
/// Matching is exact after `HeaderText.normalized` (width, spaces, brackets, a leading `*`),
/// so `身份证号` never captures `户主身份证号`: each has its own entry.
public enum ColumnAliases {
    /// Built-in aliases: every header DOMAIN.md names, plus common variants seen in exports.
    public static let builtIn: [CanonicalField: [String]] = [
        .name: ["姓名", "学生姓名", "成员姓名", "幼儿姓名", "受助学生姓名", "救助对象姓名", "保障对象姓名", "人员姓名"],
        .idNumber: ["身份证号", "身份证件号", "证件号码", "公民身份号码", "身份证号码", "成员身份证号",
                    "身份证件号码", "学生身份证号", "学生身份证件号", "成员身份证号码", "证件号", "身份证"],
        .sex: ["性别", "学生性别"],
        .birthDate: ["出生日期", "出生年月", "出生年月日"],
        .ethnicity: ["民族"],
        .relationToHead: ["与户主关系"],
        .householdID: ["户编号", "家庭编号", "户号"],
        .personNumber: ["人编号", "成员编号"],
        .county: ["县(市、区)", "区县", "所在区县", "县(区)", "县区", "县(市区)", "县"],
        .township: ["乡(镇)", "街道(乡镇)", "乡镇(街道)", "乡镇", "所在乡镇"],
        .village: ["行政村", "社区(村)", "村(社区)", "村"],
        .schoolCode: ["学校标识码"],
        .schoolName: ["学校名称", "就读学校", "学校"],
        .grade: ["年级"],
        .className: ["班级"],
        .studentNumber: ["全国学籍号", "学籍号", "学籍辅号"],
        .enrollmentStatus: ["学籍状态", "在校状态"],
        .guardianName: ["监护人", "监护人姓名", "监护人1姓名"],
        .guardianIDNumber: ["监护人身份证号", "监护人身份证件号", "监护人证件号码", "监护人身份证号码", "监护人1身份证件号"],
        .schoolYear: ["学年"],
        .term: ["学期"],
        .programme: ["资助项目", "资助项目名称", "项目名称"],
        .amount: ["资助金额", "金额", "资助金额(元)", "金额(元)"],
        .hardshipType: ["家庭经济困难类型", "困难类型", "家庭困难类型", "困难类别"],
        .householdType: ["户类型", "户属性"],
        .monitoringCategory: ["监测对象类别"],
        .riskEliminated: ["风险是否消除", "风险是否已消除"],
        .schoolingStatus: ["在校生状况", "在校生状态"],
        .outOfSchoolReason: ["义务教育阶段未上学原因", "未上学原因"],
        .assistanceType: ["保障类型", "救助类别", "救助类型", "保障类别"],
        .assistanceStatus: ["保障状态", "救助状态"],
        .startMonth: ["起始年月", "保障起始年月", "开始年月"],
        .endMonth: ["终止年月", "保障终止年月", "停保年月"],
        .headName: ["户主姓名"],
        .headIDNumber: ["户主身份证号", "户主身份证件号", "户主证件号码", "户主身份证号码"],
    ]

    /// Fields a source of each role must have, as alternatives: each inner list needs one of its fields.
    public static func required(for role: SourceRole) -> [[CanonicalField]] {
        switch role {
        case .enrollment: [[.name], [.idNumber, .studentNumber]]
        case .aid: [[.name], [.idNumber], [.programme]]
        case .rural: [[.name], [.idNumber]]
        case .civil: [[.name], [.idNumber]]
        }
    }
}

/// Header cell text made comparable: what two officers typing the "same" header produce.
public enum HeaderText {
    /// Removes spaces and line breaks, maps full-width ASCII and brackets to half width,
    /// drops leading `*` or `※` marks of required columns, lower-cases Latin letters.
    public static func normalized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var v = scalar.value
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xA0, 0xFEFF, 0x200B, 0x200C, 0x200D: continue
            case 0x2A, 0xFF0A, 0x203B: continue  // * ＊ ※
            case 0xFF01...0xFF5E: v -= 0xFEE0     // full-width ASCII
            case 0x3010, 0x3014: v = 0x28        // 【 〔
            case 0x3011, 0x3015: v = 0x29        // 】 〕
            default: break
            }
            if v >= 0x41 && v <= 0x5A { v += 0x20 }
            if let s = Unicode.Scalar(v) { out.append(s) }
        }
        return String(out)
    }
}
