import Testing

@testable import SaylauCore

@Suite struct NameKeyTests {
  @Test func threeLanguagesMeet() {
    let key = NameKey.key("Karasay District")
    #expect(key == "karasay")
    #expect(NameKey.key("Қарасай ауданы") == NameKey.key("Карасайский район"))
    #expect(NameKey.key("KARASAY") == key)
    #expect(NameKey.key("Äbdirahmanuly") == NameKey.key("abdirahmanuly"))
    #expect(NameKey.key("Al-Farabi District") == "al farabi")
  }

  @Test func distanceIsLevenshtein() {
    #expect(NameKey.distance("kitten", "sitting") == 3)
    #expect(NameKey.distance("", "abc") == 3)
    #expect(NameKey.distance("karasay", "karasay") == 0)
  }
}
