using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

public sealed class SockDiagBytecodeTests
{
    [Fact]
    public void Write_NoCondition_IsEmpty() =>
        Assert.Equal(0, SockDiagBytecode.Write(new byte[SockDiagBytecode.MaxLength], -1, -1, -1));

    [Fact]
    public void Write_LocalPort_IsTheRangeProgramSsSendsForSportGeAndLe()
    {
        byte[] program = new byte[SockDiagBytecode.MaxLength];

        int length = SockDiagBytecode.Write(program, 8080, -1, -1);

        // ss 'sport >= :8080 and sport <= :8080': S_GE(yes 8, no 20) 8080, S_LE(yes 8, no 12) 8080
        Assert.Equal(new byte[] { 2, 8, 20, 0, 0, 0, 0x90, 0x1F, 3, 8, 12, 0, 0, 0, 0x90, 0x1F }, program[..length]);
    }

    [Fact]
    public void Write_EitherPort_IsLocalOrRemote()
    {
        byte[] program = new byte[SockDiagBytecode.MaxLength];

        int length = SockDiagBytecode.Write(program, -1, -1, 443);

        Assert.Equal(36, length);
        Assert.True(KernelBytecode.Audit(program.AsSpan(0, length)));
        Assert.True(KernelBytecode.Run(program.AsSpan(0, length), sport: 443, dport: 50000, auto: true));
        Assert.True(KernelBytecode.Run(program.AsSpan(0, length), sport: 50000, dport: 443, auto: true));
        Assert.False(KernelBytecode.Run(program.AsSpan(0, length), sport: 444, dport: 442, auto: true));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(65536)]
    public void Write_PortOutOfRange_ThrowsArgumentOutOfRangeException(int port) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SockDiagBytecode.Write(new byte[SockDiagBytecode.MaxLength], port, -1, -1));

    /// <summary>
    /// Round trip through a model of the kernel: every program passes the kernel's audit and, run on a socket, keeps it
    /// exactly when the conditions hold. Ports come from a small set so that matches are frequent.
    /// </summary>
    [Property(MaxTest = 2000)]
    public Property Write_ThenKernelRun_KeepsExactlyTheMatchingSockets()
    {
        Gen<int> condition = Gen.Elements(-1, -1, 0, 1, 80, 443, 65535);
        Gen<int> port = Gen.Elements(0, 1, 80, 443, 65535, 1000);
        Gen<(int, int, int, bool, int, int, bool)> gen =
            from local in condition
            from remote in condition
            from either in condition
            from explicitOnly in Gen.Elements(false, true)
            from sport in port
            from dport in port
            from auto in Gen.Elements(false, true)
            select (local, remote, either, explicitOnly, sport, dport, auto);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            (int local, int remote, int either, bool explicitOnly, int sport, int dport, bool auto) = input;
            byte[] buffer = new byte[SockDiagBytecode.MaxLength];
            byte[] program = buffer[..SockDiagBytecode.Write(buffer, local, remote, either, explicitOnly)];
            bool expected = (local < 0 || local == sport) && (remote < 0 || remote == dport)
                && (either < 0 || either == sport || either == dport) && (!explicitOnly || !auto);

            Assert.True(program.Length == 0 || KernelBytecode.Audit(program));
            Assert.Equal(expected, program.Length == 0 || KernelBytecode.Run(program, sport, dport, auto));
        });
    }
}

/// <summary>
/// The kernel's bytecode checker and interpreter, transcribed from <c>net/ipv4/inet_diag.c</c>
/// (<c>inet_diag_bc_audit</c>, <c>valid_cc</c>, <c>inet_diag_bc_run</c>) for the ops the builder uses.
/// </summary>
internal static class KernelBytecode
{
    public static bool Run(ReadOnlySpan<byte> bc, int sport, int dport, bool auto)
    {
        int len = bc.Length;
        int at = 0;
        while (len > 0)
        {
            byte code = bc[at];
            bool yes = code switch
            {
                0 => true,
                1 => false,
                2 => sport >= Arg(bc, at),
                3 => sport <= Arg(bc, at),
                4 => dport >= Arg(bc, at),
                5 => dport <= Arg(bc, at),
                6 => auto,
                _ => throw new InvalidOperationException($"op {code} is not modelled"),
            };
            int step = yes ? bc[at + 1] : No(bc, at);
            len -= step;
            at += step;
        }

        return len == 0;
    }

    public static bool Audit(ReadOnlySpan<byte> bc)
    {
        int len = bc.Length;
        int at = 0;
        while (len > 0)
        {
            byte code = bc[at];
            int minLength = 4;
            switch (code)
            {
                case 2 or 3 or 4 or 5:
                    if (len < 8)
                    {
                        return false;
                    }

                    minLength = 8;
                    break;
                case 0 or 1 or 6:
                    break;
                default:
                    return false;
            }

            if (code != 0)
            {
                int no = No(bc, at);
                if (no < minLength || no > len + 4 || (no & 3) != 0)
                {
                    return false;
                }

                if (no < len && !ValidJumpTarget(bc, len - no))
                {
                    return false;
                }
            }

            int yes = bc[at + 1];
            if (yes < minLength || yes > len + 4 || (yes & 3) != 0)
            {
                return false;
            }

            at += yes;
            len -= yes;
        }

        return len == 0;
    }

    /// <summary><c>valid_cc</c>: the target (given as the remaining length there) lies on the chain of yes jumps.</summary>
    private static bool ValidJumpTarget(ReadOnlySpan<byte> bc, int targetRemaining)
    {
        int len = bc.Length;
        int at = 0;
        while (len > 0)
        {
            if (targetRemaining == len)
            {
                return true;
            }

            int yes = bc[at + 1];
            if (yes == 0)
            {
                return false;
            }

            at += yes;
            len -= yes;
        }

        return false;
    }

    private static int Arg(ReadOnlySpan<byte> bc, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bc[(at + 6)..]);

    private static int No(ReadOnlySpan<byte> bc, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bc[(at + 2)..]);
}
