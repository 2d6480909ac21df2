using System;
using System.IO;
using System.Security.Cryptography;

namespace AcsConnector.ScriptHost;

/// <summary>
/// Compiling with Roslyn dominates start-up, so results are kept beside the host, keyed by the
/// script's bytes and this build of the host (its module version id changes with every build).
/// </summary>
public static class ScriptCache
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "script-cache");
    private static readonly string HostBuild = typeof(ScriptCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");
    // One folder per host build: entries of earlier builds can never be used again.
    private static readonly string Directory = Path.Combine(Root, HostBuild);

    public static string Key(string scriptPath, string purpose)
    {
        using var sha = SHA256.Create();
        var header = System.Text.Encoding.UTF8.GetBytes($"{purpose}\n");
        sha.TransformBlock(header, 0, header.Length, null, 0);
        var script = File.ReadAllBytes(scriptPath);
        sha.TransformFinalBlock(script, 0, script.Length);
        return Convert.ToHexString(sha.Hash!).ToLowerInvariant();
    }

    public static byte[]? TryRead(string key, string extension)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(Directory, key + extension));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Best effort and atomic (write then rename), so concurrent hosts never read half a file.</summary>
    public static void Write(string key, string extension, byte[] content)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var target = Path.Combine(Directory, key + extension);
            var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, target, overwrite: true);
            foreach (var earlier in System.IO.Directory.EnumerateFileSystemEntries(Root))
            {
                if (Path.GetFileName(earlier) == HostBuild) continue;
                if (System.IO.Directory.Exists(earlier)) System.IO.Directory.Delete(earlier, recursive: true);
                else File.Delete(earlier);
            }
        }
        catch (IOException)
        {
            // A cache that cannot be written only costs the next start a compile.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
