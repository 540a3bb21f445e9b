using System.Numerics;
using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// Checks that a value type's Equals, GetHashCode, CompareTo and operators all agree with one
/// another for a pair of values, so one helper guards every comparable type.
/// </summary>
internal static class ValueTypeContract
{
    public static void AssertConsistent<T>(T left, T right)
        where T : struct, IEquatable<T>, IComparable<T>, IComparisonOperators<T, T, bool>
    {
        int order = Math.Sign(left.CompareTo(right));
        Assert.Equal(-order, Math.Sign(right.CompareTo(left)));

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
    }
}
