using System.Diagnostics;

namespace Outbox.AppHost.Infrastructure.Local;

/// <summary>
/// A fresh folder per AppHost run for the local servers' data, logs and start scripts, under the temp folder.
/// Folders left by runs whose AppHost is gone are removed when the next run starts.
/// </summary>
public sealed class LocalRunDirectory
{
    private const string OwnerFile = "apphost.pid";

    private LocalRunDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>A short name unique to this run, for things like the RabbitMQ node name.</summary>
    public string RunName => System.IO.Path.GetFileName(Path);

    public static LocalRunDirectory Create()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "outbox-aspire");
        Directory.CreateDirectory(root);
        RemoveAbandoned(root);

        // Several AppHosts may share a process (tests), so the process id alone does not make the name unique.
        var path = System.IO.Path.Combine(root, $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(path);

        // The servers may run as their own users (postgres, rabbitmq); each makes its own private sub-folder here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.SetUnixFileMode(path, (UnixFileMode)0b1_111_111_111); // 1777, like /tmp
        }

        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LocalRunDirectory(path);
    }

    /// <summary>Writes a start script the servers' users can read and run.</summary>
    public string WriteScript(string fileName, string content)
    {
        var script = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(script, content.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return script;
    }

    public void TryDelete() => TryDelete(Path);

    private static void RemoveAbandoned(string root)
    {
        foreach (var directory in Directory.GetDirectories(root))
        {
            var owner = System.IO.Path.Combine(directory, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var pid) || !IsRunning(pid))
            {
                TryDelete(directory);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Still in use or not ours to delete; the next run tries again.
        }
    }
}
