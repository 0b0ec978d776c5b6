namespace Schane.Interactive.Zmq;

/// <summary>ZeroMQ socket types, with libzmq's numeric values (zmq.SocketType in pyzmq).</summary>
public enum ZmqSocketType
{
    /// <summary>zmq.PAIR: exclusive one-to-one.</summary>
    Pair = 0,

    /// <summary>zmq.PUB: publishes to every subscriber (Jupyter's IOPub channel).</summary>
    Pub = 1,

    /// <summary>zmq.SUB: receives what matches its subscriptions.</summary>
    Sub = 2,

    /// <summary>zmq.REQ: strict request then reply (Jupyter's heartbeat client).</summary>
    Req = 3,

    /// <summary>zmq.REP: strict receive then reply (Jupyter's heartbeat channel).</summary>
    Rep = 4,

    /// <summary>zmq.DEALER: asynchronous request side (Jupyter's shell/control/stdin clients).</summary>
    Dealer = 5,

    /// <summary>zmq.ROUTER: addresses peers by identity frames (Jupyter's shell, control and stdin channels).</summary>
    Router = 6,
}
