using System.Text;
using Schane.Interactive.Zmq;

namespace Schane.Interactive.Tests.Transport;

public class ZmqSocketTests
{
    // A bound against hangs only: loopback messages arrive in milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Router_and_dealer_exchange_multipart_messages_with_empty_and_large_frames()
    {
        using var context = new ZmqContext();
        using var router = new ZmqSocket(context, ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", router.LastEndpoint);
        using var dealer = new ZmqSocket(context, ZmqSocketType.Dealer);
        dealer.Connect(router.LastEndpoint);

        var large = new byte[3 << 20];
        new Random(7).NextBytes(large);
        byte[][] request = [Bytes("<IDS|MSG>"), [], large, [0, 255, 0], []];
        dealer.SendMultipart(request);

        var received = router.ReceiveMultipart(Patience);
        Assert.NotNull(received);
        Assert.Equal(request.Length + 1, received.Count);
        var identity = received[0];
        Assert.NotEmpty(identity);
        for (var i = 0; i < request.Length; i++)
            Assert.True(request[i].AsSpan().SequenceEqual(received[i + 1]), $"frame {i + 1} differs");

        // The ROUTER addresses its reply by the identity frame it was given.
        router.SendMultipart([identity, Bytes("client"), [], large]);
        var reply = dealer.ReceiveMultipart(Patience);
        Assert.NotNull(reply);
        Assert.Equal(3, reply.Count);
        Assert.Equal(Bytes("client"), reply[0]);
        Assert.Empty(reply[1]);
        Assert.True(large.AsSpan().SequenceEqual(reply[2]));
    }

    [Fact]
    public void A_message_of_one_empty_frame_round_trips()
    {
        using var context = new ZmqContext();
        using var a = new ZmqSocket(context, ZmqSocketType.Pair);
        a.Bind("tcp://127.0.0.1:*");
        using var b = new ZmqSocket(context, ZmqSocketType.Pair);
        b.Connect(a.LastEndpoint);
        b.SendMultipart([[]]);
        var received = a.ReceiveMultipart(Patience);
        Assert.NotNull(received);
        Assert.Empty(Assert.Single(received));
    }

    [Fact]
    public void Subscribers_get_only_messages_starting_with_their_prefix()
    {
        using var context = new ZmqContext();
        using var pub = new ZmqSocket(context, ZmqSocketType.Pub);
        pub.Bind("tcp://127.0.0.1:*");
        using var sub = new ZmqSocket(context, ZmqSocketType.Sub);
        sub.Connect(pub.LastEndpoint);
        sub.Subscribe(Bytes("kernel.1."));

        // The subscription reaches the publisher asynchronously (ZeroMQ's slow joiner): publish until one arrives.
        IReadOnlyList<byte[]>? received = null;
        for (var attempt = 0; attempt < 400 && received == null; attempt++)
        {
            pub.SendMultipart([Bytes("kernel.2.status"), Bytes("not for us")]);
            pub.SendMultipart([Bytes("kernel.1.status"), Bytes("idle")]);
            received = sub.ReceiveMultipart(TimeSpan.FromMilliseconds(50));
        }
        Assert.NotNull(received);
        var messages = new List<IReadOnlyList<byte[]>> { received };
        while (sub.ReceiveMultipart(TimeSpan.Zero) is { } more) messages.Add(more);
        foreach (var message in messages)
        {
            Assert.Equal(2, message.Count);
            Assert.Equal("kernel.1.status", Encoding.UTF8.GetString(message[0]));
            Assert.Equal("idle", Encoding.UTF8.GetString(message[1]));
        }
    }

    [Fact]
    public void Receive_returns_null_when_nothing_arrives_in_time()
    {
        using var context = new ZmqContext();
        using var socket = new ZmqSocket(context, ZmqSocketType.Router);
        socket.Bind("tcp://127.0.0.1:*");
        Assert.Null(socket.ReceiveMultipart(TimeSpan.FromMilliseconds(30)));
        Assert.Null(socket.ReceiveMultipart(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.ReceiveMultipart(TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void Binding_an_address_in_use_names_the_endpoint_and_the_reason()
    {
        using var context = new ZmqContext();
        using var first = new ZmqSocket(context, ZmqSocketType.Router);
        first.Bind("tcp://127.0.0.1:*");
        var endpoint = first.LastEndpoint;
        using var second = new ZmqSocket(context, ZmqSocketType.Router);
        var error = Assert.Throws<ZmqException>(() => second.Bind(endpoint));
        Assert.Equal($"bind {endpoint}: Address already in use", error.Message);
        Assert.Equal(98, error.Errno); // EADDRINUSE
        Assert.False(error.IsContextTerminated);

        var badConnect = Assert.Throws<ZmqException>(() => second.Connect("nonsense://x"));
        Assert.StartsWith("connect nonsense://x: ", badConnect.Message);
    }

    [Fact]
    public void Bad_arguments_are_refused_before_anything_is_sent()
    {
        using var context = new ZmqContext();
        using var socket = new ZmqSocket(context, ZmqSocketType.Dealer);
        Assert.Throws<ArgumentException>(() => socket.SendMultipart([]));
        Assert.Throws<ArgumentException>(() => socket.SendMultipart([[1], null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.Linger = TimeSpan.FromMilliseconds(-5));
        socket.Linger = Timeout.InfiniteTimeSpan;
        socket.Linger = TimeSpan.Zero;
    }

    [Fact]
    public void Dispose_is_idempotent_and_disposed_objects_refuse_work()
    {
        var context = new ZmqContext();
        var socket = new ZmqSocket(context, ZmqSocketType.Router);
        socket.Bind("tcp://127.0.0.1:*");
        socket.Dispose();
        socket.Dispose();
        Assert.Throws<ObjectDisposedException>(() => socket.ReceiveMultipart(TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => socket.SendMultipart([[1]]));
        Assert.Throws<ObjectDisposedException>(() => socket.Bind("tcp://127.0.0.1:*"));
        Assert.Throws<ObjectDisposedException>(() => socket.LastEndpoint);
        context.Dispose();
        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => new ZmqSocket(context, ZmqSocketType.Pair));
    }

    [Fact]
    public async Task Disposing_the_context_first_wakes_a_blocked_receiver_and_never_hangs()
    {
        var context = new ZmqContext();
        var socket = new ZmqSocket(context, ZmqSocketType.Dealer);
        socket.Bind("tcp://127.0.0.1:*");
        // A second socket with a message queued for a peer that never comes.
        var orphan = new ZmqSocket(context, ZmqSocketType.Dealer);
        orphan.Linger = TimeSpan.FromMilliseconds(10);
        orphan.Connect("tcp://127.0.0.1:9");
        orphan.SendMultipart([Bytes("never delivered")]);

        Exception? error = null;
        var receiver = new Thread(() =>
        {
            try { socket.ReceiveMultipart(Timeout.InfiniteTimeSpan); }
            catch (Exception e) { error = e; }
        });
        receiver.Start();

        // WaitAsync throws TimeoutException on a hang.
        await Task.Run(context.Dispose).WaitAsync(Patience);
        Assert.True(receiver.Join(Patience), "the blocked receive did not return");
        Assert.True(Assert.IsType<ZmqException>(error).IsContextTerminated);
        // Operations fail, closing works; the last socket out terminates the context.
        Assert.True(Assert.Throws<ZmqException>(() => orphan.SendMultipart([[1]])).IsContextTerminated);
        await Task.Run(() => { orphan.Dispose(); socket.Dispose(); }).WaitAsync(Patience);
    }
}
