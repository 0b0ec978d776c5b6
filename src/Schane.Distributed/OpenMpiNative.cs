using System.Runtime.InteropServices;

namespace Schane.Distributed;

/// <summary>
/// The handful of MPI C functions the collective needs, bound by P/Invoke to Open MPI's libmpi.so.40 (Debian's
/// openmpi-bin / libopenmpi-dev 4.1). Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, …) are the addresses
/// of objects the library exports (ompi_mpi_comm_world, …), so they are looked up by name at load time: no C shim,
/// no compiler in the build. (MPICH's handles are integer constants instead: it would need its own table.)
/// </summary>
internal static unsafe class OpenMpiNative
{
    public const string Library = "libmpi.so.40";
    public const int Success = 0;
    public const int ThreadSerialized = 2;
    public const int MaxErrorString = 256;
    public static readonly nint InPlace = 1;

    [DllImport(Library)] public static extern int MPI_Initialized(out int flag);
    [DllImport(Library)] public static extern int MPI_Finalized(out int flag);
    [DllImport(Library)] public static extern int MPI_Init_thread(nint argc, nint argv, int required, out int provided);
    [DllImport(Library)] public static extern int MPI_Finalize();
    [DllImport(Library)] public static extern int MPI_Abort(nint comm, int errorCode);
    [DllImport(Library)] public static extern int MPI_Comm_rank(nint comm, out int rank);
    [DllImport(Library)] public static extern int MPI_Comm_size(nint comm, out int size);
    [DllImport(Library)] public static extern int MPI_Comm_set_errhandler(nint comm, nint handler);
    [DllImport(Library)] public static extern int MPI_Allreduce(nint send, void* receive, int count, nint type, nint op, nint comm);
    [DllImport(Library)] public static extern int MPI_Allgather(void* send, int sendCount, nint sendType, void* receive, int receiveCount, nint receiveType, nint comm);
    [DllImport(Library)] public static extern int MPI_Bcast(void* data, int count, nint type, int root, nint comm);
    [DllImport(Library)] public static extern int MPI_Barrier(nint comm);
    [DllImport(Library)] public static extern int MPI_Error_string(int code, byte* text, out int length);

    private const int RtldNow = 2, RtldGlobal = 0x100;

    [DllImport("libc.so.6", EntryPoint = "dlopen")] private static extern nint DlOpen(string file, int mode);
    [DllImport("libc.so.6", EntryPoint = "dlerror")] private static extern nint DlError();
    [DllImport("libc.so.6", EntryPoint = "setenv")] private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Loads libmpi with its symbols global (RTLD_GLOBAL), as mpi4py does: Open MPI's plugins (mca_*.so), which it
    /// opens itself, resolve libmpi's symbols from the global scope; .NET's own load would keep them local.
    /// </summary>
    public static nint Load()
    {
        var handle = DlOpen(Library, RtldNow | RtldGlobal);
        if (handle == 0)
        {
            var error = Marshal.PtrToStringUTF8(DlError()) ?? "unknown error";
            throw new DllNotFoundException($"cannot load Open MPI ({Library}): {error}. Install it: apt-get install openmpi-bin libopenmpi-dev " +
                "(./schane does), or use mpirun from the same MPI.");
        }
        return handle;
    }

    /// <summary>Sets a variable in the process's C environment (which MPI reads; .NET's SetEnvironmentVariable does not write it).</summary>
    public static void SetDefault(string name, string value) => SetEnv(name, value, overwrite: 0);

    /// <summary>MPI's text for an error code.</summary>
    public static string ErrorText(int code)
    {
        var text = stackalloc byte[MaxErrorString + 1];
        return MPI_Error_string(code, text, out var length) == Success ? Marshal.PtrToStringUTF8((nint)text, length) : $"MPI error {code}";
    }
}
