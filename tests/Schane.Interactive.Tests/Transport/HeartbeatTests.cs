using System.Text;
using Schane.Interactive.Zmq;

namespace Schane.Interactive.Tests.Transport;

public class HeartbeatTests
{
    // A bound against hangs only: loopback echoes take milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Echoes_every_request_until_disposed()
    {
        using var context = new ZmqContext();
        var heartbeat = new Heartbeat(context, "tcp://127.0.0.1:*");
        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", heartbeat.Endpoint);
        using (var client = new ZmqSocket(context, ZmqSocketType.Req))
        {
            client.Connect(heartbeat.Endpoint);
            for (var i = 0; i < 5; i++)
            {
                byte[][] ping = i % 2 == 0 ? [Bytes($"ping {i}")] : [Bytes("a"), [], new byte[100_000]];
                client.SendMultipart(ping);
                var echo = client.ReceiveMultipart(Patience);
                Assert.NotNull(echo);
                Assert.Equal(ping, echo);
            }
        }

        heartbeat.Dispose();
        heartbeat.Dispose();
        Assert.Null(heartbeat.Failure);

        // Nothing answers once it is disposed.
        using var late = new ZmqSocket(context, ZmqSocketType.Req);
        late.Linger = TimeSpan.Zero;
        late.Connect(heartbeat.Endpoint);
        late.SendMultipart([Bytes("anyone?")]);
        Assert.Null(late.ReceiveMultipart(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Stops_cleanly_when_its_context_is_disposed_first()
    {
        var context = new ZmqContext();
        var heartbeat = new Heartbeat(context, "tcp://127.0.0.1:*");
        // WaitAsync throws TimeoutException on a hang.
        await Task.Run(context.Dispose).WaitAsync(Patience);
        await Task.Run(heartbeat.Dispose).WaitAsync(Patience);
        Assert.Null(heartbeat.Failure);
    }

    [Fact]
    public void Binding_a_taken_endpoint_fails_in_the_constructor()
    {
        using var context = new ZmqContext();
        using var first = new Heartbeat(context, "tcp://127.0.0.1:*");
        var error = Assert.Throws<ZmqException>(() => new Heartbeat(context, first.Endpoint));
        Assert.Contains(first.Endpoint, error.Message);
    }
}
