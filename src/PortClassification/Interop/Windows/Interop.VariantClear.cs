using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class OleAut32
    {
        /// <summary>
        /// <c>VARIANT</c> from <c>oaidl.h</c>: a 16-bit type tag, three reserved 16-bit words, then the value union
        /// (24 bytes on 64-bit, 16 on 32-bit; the second pointer-sized field only pads the union to its size).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Variant
        {
            internal ushort Type;
            internal ushort Reserved1;
            internal ushort Reserved2;
            internal ushort Reserved3;
            internal nint Value;
            internal nint Padding;
        }

        /// <summary><c>VT_EMPTY</c>, <c>VT_DISPATCH</c> from <c>wtypes.h</c>.</summary>
        internal const ushort VtEmpty = 0, VtDispatch = 9;

        /// <summary><c>HRESULT VariantClear(VARIANTARG *pvarg)</c> from <c>oleauto.h</c>.</summary>
        [LibraryImport(Libraries.OleAut32)]
        internal static unsafe partial int VariantClear(Variant* variant);
    }
}
