using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation.Unix;

[Collection(PortReuse.Name)]
[SupportedOSPlatform("linux")]
public class UnixPortClaimStoreTests
{
    // Claims only, in this run's private claim directory, which allocator tests share: the ports come from the
    // run's pool, so no allocator test is handed a block holding one of them (a claim would make it "claimed elsewhere").
    private static readonly PortNumber Port = TestPorts.FreeBlock(1).First;

    [LinuxFact]
    public void Directory_IsPrivateToTheUser()
    {
        UnixPortClaimStore store = UnixPortClaimStore.TryCreate() ?? throw new InvalidOperationException("No claim directory.");

        Assert.Equal(UnixPortClaimStore.ChooseDirectory(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), Interop.Libc.GetEUid()), store.Directory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
    }

    [LinuxFact]
    public void TryClaim_Held_SecondClaimFailsUntilReleased()
    {
        UnixPortClaimStore store = Store();
        IDisposable? first = Claim(store, Port, Transport.Tcp);
        Assert.NotNull(first);
        try
        {
            Assert.Null(Claim(store, Port, Transport.Tcp));

            // Another transport is another claim.
            using IDisposable? udp = Claim(store, Port, Transport.Udp);
            Assert.NotNull(udp);
        }
        finally
        {
            first.Dispose();
        }

        using IDisposable? again = Claim(store, Port, Transport.Tcp);
        Assert.NotNull(again);
    }

    [LinuxFact]
    public void TryClaim_PlantedSymbolicLink_IsNotFollowed()
    {
        UnixPortClaimStore store = Store();
        PortNumber port = TestPorts.FreeBlock(1).First;
        string path = Path.Combine(store.Directory, PortClaimStore.FileName(port, Transport.Tcp));
        string target = Path.Combine(Path.GetTempPath(), "claim-target-" + Guid.NewGuid().ToString("N"));
        File.Delete(path);
        File.CreateSymbolicLink(path, target);
        try
        {
            Assert.Null(Claim(store, port, Transport.Tcp));
            Assert.False(File.Exists(target));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [LinuxFact]
    public void TryClaim_PlantedFifo_DoesNotBlock()
    {
        UnixPortClaimStore store = Store();
        PortNumber port = TestPorts.FreeBlock(1).First;
        string path = Path.Combine(store.Directory, PortClaimStore.FileName(port, Transport.Tcp));
        File.Delete(path);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
        {
            mkfifo.WaitForExit();
        }

        try
        {
            // O_NONBLOCK: opening a FIFO that has no writer must not hang the allocator.
            Task<IDisposable?> claim = Task.Run(() => Claim(store, port, Transport.Tcp));
            Assert.True(claim.Wait(TimeSpan.FromSeconds(60)));
            claim.Result?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [LinuxFact]
    public void TryClaim_DirectoryRemovedMeanwhile_RecreatesItPrivate()
    {
        string directory = Path.Combine(Path.GetTempPath(), "claims-" + Guid.NewGuid().ToString("N"));
        UnixPortClaimStore store = UnixPortClaimStore.TryCreate(directory) ?? throw new InvalidOperationException("No claim directory.");
        try
        {
            Directory.Delete(directory);

            using IDisposable? claim = Claim(store, Port, Transport.Tcp);

            Assert.NotNull(claim);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public void TryCreate_DirectoryOpenToOthers_IsRefused()
    {
        string directory = Path.Combine(Path.GetTempPath(), "claims-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        try
        {
            Assert.Null(UnixPortClaimStore.TryCreate(directory));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [LinuxFact]
    public void TryCreate_SymbolicLinkToPrivateDirectory_IsRefused()
    {
        string target = Directory.CreateTempSubdirectory("claims-target-").FullName;
        string link = Path.Combine(Path.GetTempPath(), "claims-link-" + Guid.NewGuid().ToString("N"));
        File.CreateSymbolicLink(link, target);
        try
        {
            Assert.Null(UnixPortClaimStore.TryCreate(link));
        }
        finally
        {
            File.Delete(link);
            Directory.Delete(target);
        }
    }

    [LinuxFact]
    public void IsStillAt_FileUnlinkedOrReplaced_IsFalse()
    {
        string directory = Directory.CreateTempSubdirectory("claims-").FullName;
        string path = Path.Combine(directory, "tcp-1");
        try
        {
            File.WriteAllBytes(path, []);
            using var held = new FileStream(path, FileMode.Open, FileAccess.Read);
            int fd = (int)held.SafeFileHandle.DangerousGetHandle();
            Assert.True(UnixPortClaimStore.IsStillAt(fd, path));

            File.Delete(path);
            Assert.False(UnixPortClaimStore.IsStillAt(fd, path));

            // A new file of the same name is a different lock.
            File.WriteAllBytes(path, []);
            Assert.False(UnixPortClaimStore.IsStillAt(fd, path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public void TryCreate_HoldsSharedDirectoryLock_SoTmpfilesSkipsIt()
    {
        string directory = Path.Combine(Path.GetTempPath(), "claims-" + Guid.NewGuid().ToString("N"));
        UnixPortClaimStore store = UnixPortClaimStore.TryCreate(directory) ?? throw new InvalidOperationException("No claim directory.");
        try
        {
            // What systemd-tmpfiles does before aging a directory: LOCK_EX | LOCK_NB, skip on failure.
            using var probe = new SafeFileDescriptor(Interop.Libc.Open(directory, Interop.OpenFlags.ReadOnly | Interop.OpenFlags.CloseOnExec));
            Assert.False(probe.IsInvalid);
            Assert.NotEqual(0, Interop.Libc.Flock((int)probe.DangerousGetHandle(), Interop.Libc.LockExclusive | Interop.Libc.LockNonBlocking));
            GC.KeepAlive(store);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(13, true)] // EACCES
    [InlineData(1, true)] // EPERM
    [InlineData(40, false)] // ELOOP: a planted symbolic link
    [InlineData(6, false)] // ENXIO: a planted FIFO or socket
    public void ClassifyOpenError_PermissionIsUnusableNotContention(int errno, bool unusable)
    {
        Assert.Equal(unusable ? ClaimResult.Unusable : ClaimResult.HeldElsewhere, UnixPortClaimStore.ClassifyOpenError(errno));
    }

    [LinuxFact]
    public void TryCreate_DirectoryOwnedByAnotherUser_IsRefused()
    {
        string directory = DirectoryOwnedByNobody();
        try
        {
            Assert.Null(UnixPortClaimStore.TryCreate(directory));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [LinuxFact]
    public void ChooseDirectory_PrivateRuntimeDirectory_IsPreferred()
    {
        string runtime = Directory.CreateTempSubdirectory("runtime-").FullName;
        try
        {
            Assert.Equal(Path.Combine(runtime, "portclassification"), UnixPortClaimStore.ChooseDirectory(runtime, Interop.Libc.GetEUid()));
        }
        finally
        {
            Directory.Delete(runtime);
        }
    }

    [LinuxFact]
    public void ChooseDirectory_RuntimeDirectoryOfAnotherUserOrUnset_FallsBackToTmp()
    {
        uint euid = Interop.Libc.GetEUid();
        string expected = "/tmp/portclassification-" + euid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string squatted = DirectoryOwnedByNobody();
        try
        {
            Assert.Equal(expected, UnixPortClaimStore.ChooseDirectory(squatted, euid));
            Assert.Equal(expected, UnixPortClaimStore.ChooseDirectory(null, euid));
            Assert.Equal(expected, UnixPortClaimStore.ChooseDirectory("relative/runtime", euid));
        }
        finally
        {
            Directory.Delete(squatted);
        }
    }

    [Fact]
    public void ClassifyOpenError_OutOfDescriptors_Throws()
    {
        Assert.Equal(24, Assert.Throws<IOException>(() => UnixPortClaimStore.ClassifyOpenError(24)).HResult);
    }

    [LinuxFact]
    public void TryCreate_DirectoryMissingOwnerPermissions_IsRefused()
    {
        string directory = Path.Combine(Path.GetTempPath(), "claims-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.Null(UnixPortClaimStore.TryCreate(directory));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [LinuxFact]
    public void FileName_NamesTransportAndPort()
    {
        Assert.Equal("tcp-61000", PortClaimStore.FileName(61000, Transport.Tcp));
        Assert.Equal("udp-7", PortClaimStore.FileName(7, Transport.Udp));
    }

    /// <summary>Makes a mode-0700 directory owned by uid 65534 (nobody), as another user would pre-create it; needs root.</summary>
    private static string DirectoryOwnedByNobody()
    {
        Assert.True(AllocatorChildren.IsRoot, "Changing a directory's owner needs root (CI runs the suite as root).");
        string directory = Directory.CreateTempSubdirectory("claims-other-").FullName;
        using (var chown = System.Diagnostics.Process.Start("chown", ["65534", directory]))
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }

        return directory;
    }

    private static IDisposable? Claim(UnixPortClaimStore store, PortNumber port, Transport transport) =>
        store.TryClaim(port, transport, out IDisposable? claim) == ClaimResult.Claimed ? claim : null;

    private static UnixPortClaimStore Store() => (UnixPortClaimStore)TestPorts.ClaimStore;
}
