using System.Net;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Listeners;

/// <summary><see cref="Listener"/> as a sealed class: a constructor, get-only properties, value equality and a one-line text.</summary>
public class ListenerTests
{
    [Fact]
    public void Constructor_AllValues_AreKept()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, 5432);

        var listener = new Listener(Transport.Tcp, endPoint, 42, "postgres", userId: 105, socketInode: 9001);

        Assert.Equal(Transport.Tcp, listener.Transport);
        Assert.Same(endPoint, listener.LocalEndPoint);
        Assert.Equal(42, listener.ProcessId);
        Assert.Equal("postgres", listener.ProcessName);
        Assert.Equal(105, listener.UserId);
        Assert.Equal(9001UL, listener.SocketInode);
        Assert.Equal(5432, listener.Port.Value);
    }

    [Fact]
    public void Constructor_OwnerLeftOut_IsUnknown()
    {
        var listener = new Listener(Transport.Udp, new IPEndPoint(IPAddress.IPv6Any, 53));

        Assert.Null(listener.ProcessId);
        Assert.Null(listener.ProcessName);
        Assert.Null(listener.UserId);
        Assert.Null(listener.SocketInode);
    }

    [Fact]
    public void Constructor_NullEndPoint_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new Listener(Transport.Tcp, null!));

    [Fact]
    public void Constructor_IPv4MappedEndPoint_IsStoredAsIPv4()
    {
        var listener = new Listener(Transport.Tcp, new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 80));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 80), listener.LocalEndPoint);
    }

    [Fact]
    public void Shape_SealedClassWithGetOnlyPropertiesAndNoRecordMembers()
    {
        Type type = typeof(Listener);

        Assert.True(type.IsClass && type.IsSealed);
        Assert.All(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Null(p.SetMethod));
        Assert.Null(type.GetMethod("Deconstruct"));
        Assert.Null(type.GetMethod("<Clone>$"));
        Assert.DoesNotContain(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance), c => c.GetParameters() is [{ } only] && only.ParameterType == type);
    }

    [Fact]
    public void ToString_ReadsLikeASocketEntry()
    {
        Assert.Equal("tcp 127.0.0.1:8080 pid 42 (nginx)", new Listener(Transport.Tcp, IPEndPoint.Parse("127.0.0.1:8080"), 42, "nginx").ToString());
        Assert.Equal("udp [::]:53", new Listener(Transport.Udp, IPEndPoint.Parse("[::]:53")).ToString());
        Assert.Equal("tcp 0.0.0.0:22 pid 7", new Listener(Transport.Tcp, IPEndPoint.Parse("0.0.0.0:22"), 7).ToString());
    }

    [Property]
    public Property Equals_SameValues_EqualWithEqualHashes() =>
        Prop.ForAll(Arb.From(Values()), v =>
        {
            Listener a = Make(v);
            Listener b = Make(v);
            return a.Equals(b) && b.Equals((object)a) && a.GetHashCode() == b.GetHashCode() && !ReferenceEquals(a, b);
        });

    [Property]
    public Property Equals_AnyPropertyDiffers_NotEqual() =>
        Prop.ForAll(Arb.From(Values()), Arb.From(Gen.Choose(0, 5)), (v, which) =>
        {
            (Transport transport, ushort port, int? pid, string? name, int? uid, ulong? inode) = v;
            Listener changed = which switch
            {
                0 => Make((transport == Transport.Tcp ? Transport.Udp : Transport.Tcp, port, pid, name, uid, inode)),
                1 => Make((transport, unchecked((ushort)(port + 1)), pid, name, uid, inode)),
                2 => Make((transport, port, pid is null ? 1 : null, name, uid, inode)),
                3 => Make((transport, port, pid, name + "x", uid, inode)),
                4 => Make((transport, port, pid, name, uid is null ? 0 : null, inode)),
                _ => Make((transport, port, pid, name, uid, inode is null ? 0UL : null)),
            };
            return !Make(v).Equals(changed) && !changed.Equals(Make(v)) && !Make(v).Equals(null);
        });

    private static Gen<(Transport, ushort, int?, string?, int?, ulong?)> Values() =>
        from transport in Gen.Elements(Transport.Tcp, Transport.Udp)
        from port in Gen.Choose(0, 65535)
        from pid in Gen.OneOf(Gen.Constant((int?)null), Gen.Choose(1, 1 << 22).Select(p => (int?)p))
        from name in Gen.Elements<string?>(null, "nginx", "postgres", "")
        from uid in Gen.OneOf(Gen.Constant((int?)null), Gen.Choose(0, 70000).Select(u => (int?)u))
        from inode in Gen.OneOf(Gen.Constant((ulong?)null), Gen.Choose(0, int.MaxValue).Select(i => (ulong?)(ulong)i))
        select (transport, (ushort)port, pid, name, uid, inode);

    private static Listener Make((Transport Transport, ushort Port, int? Pid, string? Name, int? Uid, ulong? Inode) v) =>
        new(v.Transport, new IPEndPoint(IPAddress.Loopback, v.Port), v.Pid, v.Name, v.Uid, v.Inode);
}
