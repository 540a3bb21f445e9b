using FsCheck;
using FsCheck.Fluent;

namespace PortClassification.Tests.Support;

/// <summary>FsCheck generators for the library's types; name this class in <c>[Property(Arbitrary = …)]</c>.</summary>
public static class Arbitraries
{
    /// <summary>Every port, with the boundaries that matter weighted in.</summary>
    public static Arbitrary<PortNumber> PortNumber() =>
        Gen.Frequency(
                (6, Gen.Choose(0, 65535)),
                (1, Gen.Elements(0, 1, 1023, 1024, 1025, 49151, 49152, 49153, 65534, 65535)))
            .Select(value => new PortNumber(value))
            .ToArbitrary();

    /// <summary>Valid intervals: a first port and a last port not below it.</summary>
    public static Arbitrary<PortInterval> PortInterval() =>
        (from first in Gen.Choose(0, 65535)
         from last in Gen.Frequency((3, Gen.Choose(first, 65535)), (1, Gen.Constant(first)))
         select new PortInterval(new PortNumber(first), new PortNumber(last)))
        .ToArbitrary();
}
