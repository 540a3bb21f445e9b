using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>Text inputs shared by every Parse and TryParse theory, UTF-16 and UTF-8 alike.</summary>
public static class PortNumberTheories
{
    public static TheoryData<string, int> ValidText => new()
    {
        { "0", 0 },
        { "1", 1 },
        { "80", 80 },
        { "443", 443 },
        { "1023", 1023 },
        { "1024", 1024 },
        { "49151", 49151 },
        { "49152", 49152 },
        { "60400", 60400 },
        { "65535", 65535 },
        { "00080", 80 },
        { "000000000000000000000000065535", 65535 },
    };

    public static TheoryData<string> InvalidText => new()
    {
        "",
        "65536",
        "99999",
        "100000",
        "4294967376", // 2^32 + 80: wraps to 80 in a careless 32-bit parser
        "-1",
        "-0",
        "+80",
        " 80",
        "80 ",
        "8 0",
        "\t80",
        "80\n",
        "0x50",
        "50h",
        "1e3",
        "80.0",
        "8,080",
        "٨٠",   // Arabic-Indic digits
        "８０",  // full-width digits
        "80\0",
        new string('9', 10_000),
        new string('0', 9_999) + "x",
    };
}
