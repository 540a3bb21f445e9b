using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation;

/// <summary>Stable ports by name (<see cref="PortAllocator.LeaseByName"/>) and the hash behind them.</summary>
public class PortAllocatorNamedTests
{
    private const int BlockSize = 64;

    [Fact]
    public void LeaseByName_TwiceInARow_SamePortThePredictedOne()
    {
        PortInterval range = TestPorts.FreeBlock(BlockSize);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });
        int expected = range.First.Value + StablePort.Index("orders-api", Environment.UserName, BlockSize, 0);

        int first;
        using (PortLease lease = allocator.LeaseByName("orders-api"))
        {
            first = lease.Port.Value;
        }

        using PortLease second = allocator.LeaseByName("orders-api");

        Assert.Equal(expected, first);
        Assert.Equal(first, second.Port.Value);
    }

    [Fact]
    public void LeaseByName_TwoNames_DifferentPortsEachItsOwn()
    {
        PortInterval range = TestPorts.FreeBlock(BlockSize);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });
        string user = Environment.UserName;
        int orders = StablePort.Index("orders-api", user, BlockSize, 0);
        // A second name whose first choice differs (for this user and block size), found rather than assumed.
        string other = Enumerable.Range(0, 100).Select(i => "billing-api-" + i).First(n => StablePort.Index(n, user, BlockSize, 0) != orders);

        using PortLease a = allocator.LeaseByName(other);
        using PortLease b = allocator.LeaseByName("orders-api");

        Assert.Equal(range.First.Value + StablePort.Index(other, user, BlockSize, 0), a.Port.Value);
        Assert.Equal(range.First.Value + orders, b.Port.Value);
        Assert.NotEqual(a.Port, b.Port);
    }

    [Fact]
    public void LeaseByName_FirstChoiceHeld_FallsBackToTheNextChoiceThenAnyPort()
    {
        PortInterval range = TestPorts.FreeBlock(4);
        PortAllocator allocator = TestPorts.Allocator(new PortAllocatorOptions { CandidatePorts = range });
        var held = new List<PortLease>();
        try
        {
            // Four leases of one name on four ports: the stable choices first, then whatever is left.
            for (int i = 0; i < 4; i++)
            {
                held.Add(allocator.LeaseByName("cache"));
            }

            Assert.Equal(range.First.Value + StablePort.Index("cache", Environment.UserName, 4, 0), held[0].Port.Value);
            Assert.Equal(4, held.Select(l => l.Port).Distinct().Count());
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => allocator.LeaseByName("cache"));
            Assert.StartsWith("No free TCP port:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void LeaseByName_BadName_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PortAllocator.Default.LeaseByName(null!));
        Assert.Throws<ArgumentException>(() => PortAllocator.Default.LeaseByName(string.Empty));
    }

    [Fact]
    public void Hash_KnownValue_IsFnv1aOfUserZeroName()
    {
        // FNV-1a 64 of the bytes "u\0n", computed by hand from the published offset basis and prime.
        ulong hash = 14695981039346656037;
        foreach (byte b in "u\0n"u8)
        {
            hash = unchecked((hash ^ b) * 1099511628211);
        }

        Assert.Equal(hash, StablePort.Hash("n", "u"));
    }

    [Property]
    public Property Index_AnyNameUserCount_InRangeAndRepeatable()
    {
        Gen<(string Name, string User, int Count, int Choice)> cases =
            from name in ArbMap.Default.GeneratorFor<NonEmptyString>()
            from user in ArbMap.Default.GeneratorFor<string>()
            from count in Gen.Choose(1, 65535)
            from choice in Gen.Choose(0, StablePort.Choices - 1)
            select (name.Get, user ?? string.Empty, count, choice);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            int index = StablePort.Index(c.Name, c.User, c.Count, c.Choice);
            return index >= 0 && index < c.Count && index == StablePort.Index(c.Name, c.User, c.Count, c.Choice);
        });
    }

    [Property]
    public Property Hash_UserAndNameAreNotConcatenated()
    {
        // "ab" + "c" and "a" + "bc" must not collide through a missing separator.
        return Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<NonEmptyString>()), s =>
        {
            string text = s.Get;
            return text.Length < 2 || StablePort.Hash(text[1..], text[..1]) != StablePort.Hash(text[2..], text[..2]) || text[1] == '\0';
        });
    }
}
