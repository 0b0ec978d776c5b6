namespace Schane.Engine.Tests.Ops;

/// <summary>Runs code on a fresh thread and waits for it: a thread with its own grad mode and no dispose scope.</summary>
internal static class OtherThread
{
    public static T Run<T>(Func<T> body)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        thread.Join();
        if (error != null) throw new InvalidOperationException("the other thread failed", error);
        return result;
    }
}
