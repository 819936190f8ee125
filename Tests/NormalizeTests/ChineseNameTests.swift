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

    @Test func polyphonicCharactersKeepEveryReadingForMatching() {
        // 重 reads zhong or chong: a clerk who heard "chong" may have typed 崇.
        let typed = ChineseName("张重阳"), heard = ChineseName("张崇阳")
        #expect(typed.pinyin == "zhang zhong yang", "the key takes the most common reading")
        #expect(typed.readings == "zhang zhong,chong yang")
        #expect(heard.readings == heard.pinyin, "no polyphonic character, so the readings are the key")
        #expect(typed.isHomophone(of: heard))
        #expect(heard.isHomophone(of: typed))
        // 乐 le/yue in a given name meets 悦 yue.
        #expect(ChineseName("王乐").isHomophone(of: ChineseName("王悦")))
        #expect(!ChineseName("王乐").isHomophone(of: ChineseName("王伟")))
        // A surname is read as a surname only: 曾 is zeng first, never ceng.
        #expect(ChineseName("曾乐").readings.hasPrefix("zeng "))
        #expect(!ChineseName("吕乐").isHomophone(of: ChineseName("卢乐")), "lü and lu stay apart however the rest reads")
    }

    @Test func readingsOverlapNeedsEverySyllable() {
        #expect(ChineseName.readingsOverlap("zhang zhong,chong", "zhang chong"))
        #expect(!ChineseName.readingsOverlap("zhang zhong,chong", "zhang chong yang"), "different lengths")
        #expect(!ChineseName.readingsOverlap("li zhong,chong", "zhang chong"))
    }

    @Test func compoundSurnamesAndFullWidthLetters() {
        #expect(ChineseName("欧阳娜娜").pinyin.hasPrefix("ou yang"))
        #expect(ChineseName("令狐冲").pinyin == "ling hu chong")
        #expect(ChineseName("万俟卨").pinyin.hasPrefix("mo qi"))
        #expect(ChineseName("长孙无忌").pinyin.hasPrefix("zhang sun"), "长孙 is a compound surname read zhang sun")
        #expect(ChineseName("长江").pinyin.hasPrefix("chang"), "长 alone as a surname reads chang")
        // NFKC: full-width Latin letters in a name become ASCII; compatibility ideographs become unified ones.
        #expect(ChineseName("ＡＬＩ").display == "ALI")
        #expect(ChineseName("李\u{F914}").comparison == "李乐", "U+F914 is a compatibility form of 樂, whose simplified form is 乐")
    }
}

