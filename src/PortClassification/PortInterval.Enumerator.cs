using System;
using System.Collections;
using System.Collections.Generic;

namespace PortClassification;

/// <content>The allocation-free enumerator behind <c>foreach</c> over a <see cref="PortInterval"/>.</content>
public readonly partial struct PortInterval
{
    /// <summary>Enumerates the ports of a <see cref="PortInterval"/> in ascending order.</summary>
    /// <remarks>
    /// A mutable struct: use it through <c>foreach</c>, not by copying it. Before the first
    /// <see cref="MoveNext"/>, <see cref="Current"/> is the interval's <see cref="First"/>; after the
    /// last port it stays <see cref="Last"/>.
    /// </remarks>
    public struct Enumerator : IEnumerator<PortNumber>
    {
        private readonly int _first;
        private readonly int _last;

        // One before _first until the first MoveNext: -1 for an interval that starts at port 0.
        private int _current;

        internal Enumerator(PortInterval interval)
        {
            _first = interval._first.Value;
            _last = interval._last.Value;
            _current = _first - 1;
        }

        /// <summary>Gets the port at the enumerator's position; <see cref="First"/> before the first <see cref="MoveNext"/>.</summary>
        public readonly PortNumber Current => new((ushort)Math.Max(_current, _first));

        readonly object IEnumerator.Current => Current;

        /// <summary>Advances to the next port.</summary>
        /// <returns><see langword="true"/> if there is another port; otherwise, <see langword="false"/>.</returns>
        public bool MoveNext()
        {
            if (_current >= _last)
            {
                return false;
            }

            _current++;
            return true;
        }

        void IEnumerator.Reset() => throw new NotSupportedException();

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
