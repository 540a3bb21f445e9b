using System.Numerics;
using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// Checks that a value type's Equals, GetHashCode, CompareTo (typed and untyped) and operators all agree with
/// one another for a pair of values, so one helper guards every comparable value type (PortNumber, PortInterval).
/// </summary>
internal static class ValueTypeContract
{
    public static void AssertConsistent<T>(T left, T right)
        where T : struct, IEquatable<T>, IComparable<T>, IComparable, IComparisonOperators<T, T, bool>
    {
        int order = Math.Sign(left.CompareTo(right));
        Assert.Equal(-order, Math.Sign(right.CompareTo(left)));
        Assert.Equal(order, Math.Sign(((IComparable)left).CompareTo(right)));
        Assert.True(((IComparable)left).CompareTo(null) > 0);

        bool equal = order == 0;
        Assert.Equal(equal, left.Equals(right));
        Assert.Equal(equal, right.Equals(left));
        Assert.Equal(equal, left.Equals((object)right));
        Assert.Equal(equal, left == right);
        Assert.Equal(!equal, left != right);
        Assert.Equal(order < 0, left < right);
        Assert.Equal(order <= 0, left <= right);
        Assert.Equal(order > 0, left > right);
        Assert.Equal(order >= 0, left >= right);
        if (equal)
        {
            Assert.Equal(left.GetHashCode(), right.GetHashCode());
        }

        Assert.False(left.Equals(null));
        Assert.False(left.Equals(new object()));
    }

    /// <summary>Checks that the untyped <c>CompareTo</c> rejects a value of another type, naming its parameter.</summary>
    public static void AssertRejectsOtherTypes<T>(T value, object other)
        where T : struct, IComparable
    {
        Assert.Equal("obj", Assert.Throws<ArgumentException>(() => value.CompareTo(other)).ParamName);
        Assert.False(value.Equals(other));
    }
}
