import Testing
@testable import BiduiCore

/// A message quoting a data row (a file whose header was not found) masks ID numbers and the cells
/// that could be names, and keeps what helps find the header: codes, schools, known headers.
@Suite struct CellQuotationMaskTests {
    @Test func namesAndNumbersAreMaskedAndTheRestKept() {
        let masked = PersonalDataMask.maskCellQuotation("row 1: 4211270005, 黄梅县孔垄镇小学, 高若曦, 女, 421127201404271161, 徐 佳怡")
        #expect(masked == "row 1: 4211270005, 黄梅县孔垄镇小学, 高*曦, 女, 421127********1161, 徐**怡")
        #expect(PersonalDataMask.maskCellQuotation("row 2: 姓名, 身份证号, 学校名称, 监护人姓名") == "row 2: 姓名, 身份证号, 学校名称, 监护人姓名")
        let uyghur = PersonalDataMask.maskCellQuotation("row 3: 热依拉·帕提古丽, 653101201209298482")
        #expect(!uyghur.contains("依拉") && !uyghur.contains("帕提") && uyghur.hasPrefix("row 3: 热"))
        #expect(!uyghur.contains("201209298"))
    }
}
