using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Activa.Tests.Cli;

/// <summary>
/// Headless Chromium for the report tests, driven over the Chrome DevTools Protocol through a
/// <see cref="ClientWebSocket"/>: started with <c>--remote-debugging-port=0</c> (the port is read from DevToolsActivePort
/// in its profile folder), one page target attached in flat mode, every command and wait bounded by a timeout, and the
/// process tree killed on dispose.
/// </summary>
internal sealed class ReportBrowser : IAsyncDisposable
{
    /// <summary>One protocol event: its method and parameters.</summary>
    public sealed record Event(string Method, JsonElement Params);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<Event> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _log = new();
    private Task? _receiver;
    private string? _session;
    private int _nextId;

    private ReportBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The Chromium (or Chrome) executable on the PATH; null when there is none.</summary>
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    /// <summary>Every event received so far, in order.</summary>
    public IReadOnlyList<Event> Events => [.. _events];

    /// <summary>What the browser process wrote to stdout and stderr (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Starts <paramref name="executable"/> headless and attaches to a blank page; throws <see cref="TimeoutException"/> past <paramref name="timeout"/>.</summary>
    public static async Task<ReportBrowser> StartAsync(string executable, TimeSpan timeout, int width = 1280, int height = 900)
    {
        string profile = Directory.CreateTempSubdirectory("activa-chromium-").FullName;
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--disable-background-networking", "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {executable}.");
        var browser = new ReportBrowser(process, profile);
        process.OutputDataReceived += (_, e) => browser.Append(e.Data);
        process.ErrorDataReceived += (_, e) => browser.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await browser.ConnectAsync(timeout);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task ConnectAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string file = Path.Combine(_profile, "DevToolsActivePort");
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode} before it listened:\n{Log}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"Chromium wrote no {file} within {timeout.TotalSeconds} s:\n{Log}");
            await Task.Delay(50);
            try
            {
                if (File.Exists(file)) lines = File.ReadAllLines(file);
            }
            catch (IOException) { } // being written
        }
        using (var connect = new CancellationTokenSource(timeout - clock.Elapsed))
            await _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), connect.Token);
        _receiver = Task.Run(ReceiveAsync);
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, timeout, browserLevel: true);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true },
            timeout, browserLevel: true);
        _session = attached.GetProperty("sessionId").GetString();
    }

    /// <summary>Sends a command to the page (or the browser) and returns its result; throws on a protocol error or past <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters, TimeSpan timeout, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel) message["sessionId"] = _session ?? throw new InvalidOperationException("No page attached.");
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        using var cancel = new CancellationTokenSource(timeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel.Token);
        try
        {
            var response = await reply.Task.WaitAsync(timeout);
            if (response.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method}: {error.GetRawText()}");
            return response.TryGetProperty("result", out var result) ? result : default;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{method}: no reply within {timeout.TotalSeconds} s.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Waits for the first event named <paramref name="method"/> (received before or after the call); throws past <paramref name="timeout"/>.</summary>
    public async Task<Event> WaitForEventAsync(string method, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_events.FirstOrDefault(e => e.Method == method) is { } found) return found;
            if (clock.Elapsed > timeout) throw new TimeoutException($"No {method} event within {timeout.TotalSeconds} s.");
            if (_receiver is { IsCompleted: true }) throw new InvalidOperationException($"The DevTools connection closed while waiting for {method}:\n{Log}");
            await Task.Delay(20);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                using (var document = JsonDocument.Parse(message.ToArray()))
                {
                    var root = document.RootElement.Clone();
                    if (root.TryGetProperty("id", out var id) && _pending.TryGetValue(id.GetInt32(), out var reply)) reply.TrySetResult(root);
                    else if (root.TryGetProperty("method", out var method))
                        _events.Enqueue(new Event(method.GetString() ?? "", root.TryGetProperty("params", out var p) ? p : default));
                }
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    /// <summary>Closes the connection, kills the browser's process tree and deletes its profile folder.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { } // already gone
        _process.Dispose();
        if (_receiver != null) await Task.WhenAny(_receiver, Task.Delay(2000));
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { } // a child may still hold a file for a moment
        catch (UnauthorizedAccessException) { }
        _stop.Dispose();
    }
}
