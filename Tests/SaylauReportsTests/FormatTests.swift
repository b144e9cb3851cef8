import Testing

@testable import SaylauReports

@Suite struct FormatTests {
  @Test func numbers() {
    #expect(SVGFormat.number(12.0) == "12")
    #expect(SVGFormat.number(12.25, decimals: 1) == "12.3")
    #expect(SVGFormat.number(-0.04) == "0")
    #expect(SVGFormat.number(-3.05, decimals: 2) == "-3.05")
    #expect(SVGFormat.number(0.5, decimals: 0) == "1")
  }

  @Test func percentsFromCounts() {
    // CEC 2023: Amanat 3,431,510 of 6,366,441 valid list votes = 53.90%; Baytaq 146,431 = 2.30%.
    #expect(SVGFormat.percent(3_431_510, of: 6_366_441) == "53.90")
    #expect(SVGFormat.percent(146_431, of: 6_366_441) == "2.30")
    #expect(SVGFormat.percent(1, of: 3, decimals: 0) == "33")
    #expect(SVGFormat.percent(2, of: 3, decimals: 1) == "66.7")
    #expect(SVGFormat.percent(5, of: 0) == "")
  }

  @Test func groupingAndEscaping() {
    #expect(SVGFormat.grouped(964_419) == "964,419")
    #expect(SVGFormat.grouped(12_035_578) == "12,035,578")
    #expect(SVGFormat.grouped(-1000) == "-1,000")
    #expect(SVGFormat.escape("A & <B> \"c\" 'd'") == "A &amp; &lt;B&gt; &quot;c&quot; &#39;d&#39;")
  }

  @Test func pathDataIsCompactAndExact() {
    #expect(
      PathWriter.closed([(1234, 567), (1240, 560), (1230, 555)]) == "M123.4 56.7l.6-.7-1-.5z")
  }
}

@Test func fixedDecimalsKeepZeros() {
  #expect(SVGFormat.fixed(6.2, decimals: 2) == "6.20")
  #expect(SVGFormat.fixed(4.0, decimals: 2) == "4.00")
  #expect(SVGFormat.fixed(2.844, decimals: 2) == "2.84")
  #expect(SVGFormat.fixed(7, decimals: 0) == "7")
}
