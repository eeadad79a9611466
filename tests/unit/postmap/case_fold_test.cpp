// Case folding of table keys: ASCII only without smtputf8, ICU full case folding with it
// (the integration test 23 compares the same keys with real postmap).
#include <catch2/catch.hpp>

#include "postmap/case_fold.hpp"
#include "util/utf8.hpp"

using mf::maps::folded;
using mf::is_valid_utf8;
using mf::maps::needs_folding;

TEST_CASE("ASCII folding leaves every non-ASCII byte alone", "[postmap][fold]")
{
    CHECK(folded("MiXeD@Example.COM", false) == "mixed@example.com");
    CHECK(folded("ÄÖÜ@EXAMPLE.com", false) == "ÄÖÜ@example.com");
    CHECK(folded("Straße", false) == "straße");
    CHECK_FALSE(needs_folding("lower-case ÄÖÜ", false));
    CHECK(needs_folding("Upper", false));
}

TEST_CASE("UTF-8 folding is Unicode full case folding", "[postmap][fold]")
{
    CHECK(folded("ÄÖÜ@EXAMPLE.com", true) == "äöü@example.com");
    CHECK(folded("Straße", true) == "strasse");
    CHECK(folded("ΣΟΦΟΣ", true) == "σοφοσ");
    CHECK(folded("σοφος", true) == "σοφοσ"); // final sigma folds to sigma
    CHECK(folded("İstanbul", true) == "i\xCC\x87stanbul"); // i + combining dot above
    CHECK(folded("ǅ", true) == "ǆ");
    CHECK(folded("ﬁle", true) == "file");
    CHECK(folded("\xE2\x84\xAA", true) == "k"); // KELVIN SIGN
    CHECK(folded("ΐ", true) == "\xCE\xB9\xCC\x88\xCC\x81"); // one code point becomes three
    CHECK(folded("plain ascii KEY", true) == "plain ascii key");
    // Already folded text is a fixed point.
    CHECK(folded(folded("ᾈ ꭰ Straße", true), true) == folded("ᾈ ꭰ Straße", true));
}

TEST_CASE("UTF-8 folding copies bytes that are not UTF-8", "[postmap][fold]")
{
    CHECK(folded("ABC\xFF", true) == "abc\xFF");
    CHECK(folded("\xC3(X", true) == "\xC3(x");
    CHECK(needs_folding("\xC3\xA4", true)); // non-ASCII always goes through ICU
    CHECK_FALSE(needs_folding("lower", true));
}

TEST_CASE("UTF-8 validity as Postfix checks it", "[postmap][fold]")
{
    CHECK(is_valid_utf8("plain"));
    CHECK(is_valid_utf8("Straße ΣΟΦΟΣ \xF0\x9F\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xC0\x80"));         // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE2\x84"));         // truncated
}

TEST_CASE("needs_folding, eight bytes at a time, agrees with a byte-by-byte check",
          "[postmap][fold]")
{
    // Every byte value at every position of keys from 1 to 19 bytes, so each byte is seen in
    // the word loop and in the tail, beside lower-case neighbours and beside 0x80 and 0xFF
    // (a carry from one byte into the next would show there).
    auto expected = [](const std::string& key, bool utf8) {
        for (unsigned char c : key)
            if ((c >= 'A' && c <= 'Z') || (utf8 && c >= 0x80))
                return true;
        return false;
    };
    int wrong = 0;
    for (std::size_t length = 1; length < 20; ++length)
        for (char filler : {'a', '\x80', '\xFF', '@'})
            for (std::size_t at = 0; at < length; ++at)
                for (int byte = 0; byte < 256; ++byte) {
                    std::string key(length, filler);
                    key[at] = static_cast<char>(byte);
                    for (bool utf8 : {false, true})
                        wrong += needs_folding(key, utf8) != expected(key, utf8);
                }
    CHECK(wrong == 0);
    CHECK_FALSE(needs_folding("", true));
    CHECK(needs_folding("abcdefghijklmnopqrstuvwxyZ", false));
    CHECK_FALSE(needs_folding("abcdefgh[`@ijklmnop", false)); // the bytes around A-Z
}
