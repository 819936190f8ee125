import Testing
@testable import Normalize

@Suite struct ChineseNameTests {
    @Test func widthSpacesAndDotsDoNotMakeADifferentName() {
        let names = ["买买提·艾力", "买买提.艾力", "买买提•艾力", "买买提艾力", "买买提・艾力", "买买提．艾力", " 买买提 · 艾力 "]
        for name in names {
            #expect(ChineseName(name).isSameName(as: ChineseName("买买提·艾力")), "\(name)")
        }
        #expect(ChineseName("张 三").comparison == "张三")
        #expect(ChineseName("张\u{3000}三").display == "张三")
        #expect(ChineseName("买买提.艾力").display == "买买提·艾力", "the display keeps one kind of dot")
    }

    @Test func traditionalCharactersAreTheSameName() {
        #expect(ChineseName("張偉").isSameName(as: ChineseName("张伟")))
        #expect(ChineseName("歐陽子涵").comparison == "欧阳子涵")
        #expect(!ChineseName("張偉").isHomophone(of: ChineseName("张伟")), "a variant is not a conflict")
    }

    @Test func homophoneTyposShareThePinyinButNotTheName() {
        #expect(ChineseName("张玮").isHomophone(of: ChineseName("张伟")))
        #expect(ChineseName("张伟").pinyin == "zhang wei")
        #expect(!ChineseName("王己").isHomophone(of: ChineseName("王已")), "a look-alike is not a homophone")
    }

    @Test func surnamesAreReadAsSurnamesAndUmlautIsKept() {
        #expect(ChineseName("单田芳").pinyin == "shan tian fang")
        #expect(ChineseName("曾国藩").pinyin == "zeng guo fan")
        #expect(ChineseName("解缙").pinyin.hasPrefix("xie"))
        #expect(ChineseName("区家麟").pinyin.hasPrefix("ou"))
        #expect(ChineseName("仇英").pinyin.hasPrefix("qiu"))
        #expect(ChineseName("朴树").pinyin.hasPrefix("piao"))
        #expect(ChineseName("查良镛").pinyin.hasPrefix("zha"))
        #expect(ChineseName("吕布").pinyin == "lü bu")
        #expect(ChineseName("卢布").pinyin == "lu bu")
        #expect(!ChineseName("吕布").isHomophone(of: ChineseName("卢布")), "lü is not lu")
        #expect(ChineseName("欧阳子涵").pinyin == "ou yang zi han")
        #expect(ChineseName("尉迟恭").pinyin == "yu chi gong")
    }
}
