#!/usr/bin/env python3
"""Synthesise the royalty-free music beds used under the sample clips.

Everything is made here from sine partials and seeded noise (numpy only), so
the result is deterministic and free of third-party rights:

* ``gentle-pluck.wav``: 40 s, 72 BPM, a soft ranat-ek-like (Thai xylophone)
  pentatonic melody with occasional tremolo rolls, over warm pads and a bass.
* ``bright-market.wav``: 30 s, 112 BPM, a livelier melody with ching-style
  finger cymbals, a soft drum and a walking bass.

Both are 44.1 kHz stereo 16-bit PCM, faded in and out, normalised to about
-16 LUFS (BS.1770-style K-weighted, gated) with peaks kept below -1 dBFS.

Usage: python tools/make_music_bed.py [--out-dir media/music]
"""

from __future__ import annotations

import argparse
import math
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Signal = npt.NDArray[np.float64]

RATE = 44100
TARGET_LUFS = -16.0
PEAK_CEILING_DB = -1.2

# C major pentatonic (C D E G A): the gapped scale of much Thai classical music.
PENTATONIC = (0, 2, 4, 7, 9)


def midi_hz(note: float) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def scale_note(degree: int, *, root: int) -> int:
    """MIDI note of a pentatonic scale degree (0 = root; may be negative)."""
    octave, step = divmod(degree, len(PENTATONIC))
    return root + 12 * octave + PENTATONIC[step]


# --------------------------------------------------------------------------
# Instruments (each returns a mono signal starting at the note onset)
# --------------------------------------------------------------------------


def _t(seconds: float) -> Signal:
    return np.arange(int(seconds * RATE)) / RATE


def bar_strike(freq: float, *, velocity: float, length: float = 1.6, hardness: float = 0.6, seed: int = 0) -> Signal:
    """A struck wooden bar (ranat ek / marimba-like): inharmonic partials with fast decays."""
    t = _t(length)
    # Tuned bars: partial ratios near 1 : 3.9 : 9.4, higher ones dying much faster.
    partials = ((1.0, 1.0, 2.2), (2.0, 0.12 * hardness, 5.0), (3.93, 0.35 * hardness, 9.0), (9.4, 0.12 * hardness, 22.0))
    out = np.zeros_like(t)
    for ratio, amp, decay in partials:
        f = freq * ratio
        if f < RATE / 2.2:
            out += amp * np.sin(2 * np.pi * f * t) * np.exp(-decay * t)
    attack = np.clip(t / 0.003, 0, 1)
    rng = np.random.default_rng(seed)
    click = rng.standard_normal(t.size) * np.exp(-t / 0.004) * 0.08 * hardness
    return (out * attack + click) * velocity


def pad(freqs: Sequence[float], *, length: float, level: float, detune: float = 0.004, seed: int = 0) -> tuple[Signal, Signal]:
    """A soft, slowly breathing chord pad (stereo: slightly different detune per side)."""
    t = _t(length)
    rng = np.random.default_rng(seed)
    left = np.zeros_like(t)
    right = np.zeros_like(t)
    for f in freqs:
        for k, amp in ((1, 1.0), (2, 0.35), (3, 0.12), (4, 0.05)):
            for side, sign in ((left, -1), (right, 1)):
                phase = rng.uniform(0, 2 * np.pi)
                ff = f * k * (1 + sign * detune * rng.uniform(0.5, 1.0))
                side += amp * np.sin(2 * np.pi * ff * t + phase + 0.3 * np.sin(2 * np.pi * 0.2 * t))
    env = np.minimum(1, t / 1.2) * np.minimum(1, (length - t) / 1.2)
    breathe = 0.85 + 0.15 * np.sin(2 * np.pi * t / max(length, 1.0))
    scale = level * env * breathe / max(len(freqs), 1)
    return left * scale, right * scale


def bass(freq: float, *, length: float, velocity: float) -> Signal:
    """A round plucked bass: sine plus a little second harmonic."""
    t = _t(length)
    env = np.minimum(1, t / 0.01) * np.exp(-t * 1.8)
    return velocity * env * (np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t))


def ching(*, open_: bool, velocity: float, seed: int) -> Signal:
    """Thai finger cymbals: 'ching' rings, 'chap' is damped."""
    length = 0.9 if open_ else 0.12
    t = _t(length)
    rng = np.random.default_rng(seed)
    out = np.zeros_like(t)
    for f, amp in ((2637.0, 1.0), (3952.0, 0.6), (5274.0, 0.4), (6890.0, 0.25)):
        out += amp * np.sin(2 * np.pi * f * (1 + rng.uniform(-0.003, 0.003)) * t)
    decay = 5.0 if open_ else 40.0
    noise = rng.standard_normal(t.size) * np.exp(-t / 0.01) * 0.3
    return velocity * 0.25 * (out * np.exp(-decay * t) + noise)


def drum(*, velocity: float, pitch: float = 110.0) -> Signal:
    """A soft hand drum (thon-like): a sine with a falling pitch."""
    t = _t(0.5)
    f = pitch * (1 + 0.8 * np.exp(-t * 30))
    phase = 2 * np.pi * np.cumsum(f) / RATE
    return velocity * np.sin(phase) * np.exp(-t * 9) * np.minimum(1, t / 0.002)


# --------------------------------------------------------------------------
# Arrangement
# --------------------------------------------------------------------------


@dataclass
class Mix:
    """A stereo buffer that instruments are added into."""

    seconds: float
    left: Signal = field(init=False)
    right: Signal = field(init=False)

    def __post_init__(self) -> None:
        n = int(self.seconds * RATE)
        self.left = np.zeros(n)
        self.right = np.zeros(n)

    def add(self, sound: Signal, at: float, *, pan: float = 0.0, gain: float = 1.0) -> None:
        """Mix a mono sound in at ``at`` seconds; pan -1 (left) .. 1 (right), equal power."""
        angle = (pan + 1) * np.pi / 4
        self.add_stereo(sound * math.cos(angle) * gain, sound * math.sin(angle) * gain, at)

    def add_stereo(self, left: Signal, right: Signal, at: float) -> None:
        start = int(at * RATE)
        if start >= self.left.size:
            return
        n = min(left.size, self.left.size - start)
        self.left[start : start + n] += left[:n]
        self.right[start : start + n] += right[:n]


@dataclass(frozen=True)
class Bed:
    """Parameters of one music bed."""

    name: str
    seconds: float
    bpm: float
    root: int
    chords: tuple[tuple[int, ...], ...]
    seed: int
    rhythms: tuple[tuple[float, ...], ...]
    percussion: bool
    pluck_hardness: float
    pad_level: float
    fade_in: float
    fade_out: float


GENTLE = Bed(
    name="gentle-pluck",
    seconds=40.0,
    bpm=72,
    root=72,
    # Chord tones as semitones over the root: C(add9), Am7, Fmaj7, G(sus).
    chords=((0, 4, 7, 14), (-3, 0, 4, 7), (-7, -3, 0, 4), (-5, 0, 2, 7)),
    seed=20240601,
    rhythms=((1, 1, 1, 1), (1, 0.5, 0.5, 2), (2, 1, 1), (1.5, 0.5, 2), (0.5, 0.5, 1, 2)),
    percussion=False,
    pluck_hardness=0.5,
    pad_level=0.22,
    fade_in=2.5,
    fade_out=5.0,
)

BRIGHT = Bed(
    name="bright-market",
    seconds=30.0,
    bpm=112,
    root=74,
    chords=((0, 4, 7, 12), (-3, 0, 4, 9), (-5, -1, 2, 7), (0, 4, 7, 14)),
    seed=20240602,
    rhythms=((0.5, 0.5, 0.5, 0.5, 1, 1), (1, 0.5, 0.5, 1, 1), (0.5, 0.5, 1, 0.5, 0.5, 1), (1, 1, 0.5, 0.5, 1)),
    percussion=True,
    pluck_hardness=0.85,
    pad_level=0.12,
    fade_in=1.0,
    fade_out=3.0,
)


def melody(bed: Bed, rng: np.random.Generator) -> list[tuple[float, float, int]]:
    """(onset beat, length in beats, scale degree) for the whole bed, in 4-bar phrases."""
    beats_total = int(bed.seconds / 60 * bed.bpm)
    notes: list[tuple[float, float, int]] = []
    degree = 4
    beat = 0.0
    bar = 0
    opening: tuple[float, ...] | None = None
    while beat < beats_total - 4:
        phrase_bar = bar % 4
        # An answering phrase (bars 4, 12, ...) reuses the opening rhythm of the question.
        answer = bar % 8 == 4 and opening is not None
        pattern = opening if answer and opening else bed.rhythms[int(rng.integers(len(bed.rhythms)))]
        if phrase_bar == 3:
            pattern = (1, 1, 2) if bed.bpm < 100 else (0.5, 0.5, 1, 2)
        if phrase_bar == 0:
            opening = pattern
        t = beat
        for length in pattern:
            step = int(rng.choice([-2, -1, 0, 1, 2], p=[0.15, 0.3, 0.1, 0.3, 0.15]))
            degree = int(np.clip(degree + step, 0, 9))
            notes.append((t, float(length), degree))
            t += length
        beat += 4
        bar += 1
    notes.append((beat, 4.0, 0 if notes[-1][2] < 5 else 5))
    return notes


def render_bed(bed: Bed) -> tuple[Signal, Signal]:
    """Arrange and synthesise one bed; returns (left, right) before mastering."""
    rng = np.random.default_rng(bed.seed)
    spb = 60.0 / bed.bpm
    mix = Mix(bed.seconds + 2.0)
    bars = int(bed.seconds / (4 * spb)) + 1
    for bar in range(bars):
        chord = bed.chords[bar % len(bed.chords)]
        at = bar * 4 * spb
        left, right = pad([midi_hz(bed.root - 12 + n) for n in chord], length=4 * spb + 1.2, level=bed.pad_level, seed=bed.seed + bar)
        mix.add_stereo(left, right, at)
        root_hz = midi_hz(bed.root - 24 + chord[0] % 12 - (12 if chord[0] % 12 > 7 else 0))
        pattern = (0, 2) if not bed.percussion else (0, 1.5, 2, 3)
        for i, b in enumerate(pattern):
            mix.add(bass(root_hz * (1.5 if bed.percussion and i == 3 else 1), length=2 * spb, velocity=0.32), at + b * spb, pan=0.0)
    for k, (beat, length, degree) in enumerate(melody(bed, rng)):
        note = scale_note(degree, root=bed.root - 12)
        at = beat * spb + rng.normal(0, 0.006)  # a little human timing
        vel = 0.5 * rng.uniform(0.8, 1.0) * (1.1 if beat % 4 == 0 else 1.0)
        pan = -0.25 + 0.5 * (degree / 9)
        hit = bar_strike(midi_hz(note), velocity=vel, hardness=bed.pluck_hardness, seed=bed.seed + k)
        mix.add(hit, at, pan=pan)
        mix.add(bar_strike(midi_hz(note + 12), velocity=vel * 0.18, hardness=0.3, seed=k), at + 0.012, pan=-pan)
        if length >= 2 and rng.uniform() < 0.6:
            # Ranat-style tremolo roll on long notes.
            roll = int(length * spb / 0.11)
            for r in range(1, roll):
                mix.add(
                    bar_strike(midi_hz(note), velocity=vel * 0.45 * (1 - r / roll) ** 0.7, hardness=bed.pluck_hardness * 0.7, seed=bed.seed + 1000 * k + r),
                    at + r * 0.11,
                    pan=pan,
                )
    if bed.percussion:
        beats = int(bed.seconds / spb)
        for b in range(beats):
            at = b * spb
            mix.add(ching(open_=b % 2 == 1, velocity=0.45, seed=b), at + (0 if b % 2 else spb * 0.5), pan=0.35)
            if b % 4 in (0, 3) or rng.uniform() < 0.2:
                mix.add(drum(velocity=0.5 if b % 4 == 0 else 0.3, pitch=95 if b % 4 == 0 else 140), at, pan=-0.2)
    n = int(bed.seconds * RATE)
    return mix.left[:n], mix.right[:n]


# --------------------------------------------------------------------------
# Mastering: reverb, fades, loudness, limiting
# --------------------------------------------------------------------------


def reverb(left: Signal, right: Signal, *, seconds: float, wet: float, seed: int) -> tuple[Signal, Signal]:
    """Convolve with a decaying-noise impulse response (FFT), different per channel."""
    rng = np.random.default_rng(seed)
    t = _t(seconds)
    out = []
    for sig in (left, right):
        ir = rng.standard_normal(t.size) * np.exp(-6.9 * t / seconds)
        ir = np.convolve(ir, np.ones(8) / 8, mode="same")  # darker tail
        ir[: int(0.015 * RATE)] = 0  # pre-delay
        ir /= np.sqrt(np.sum(ir**2))
        size = 1 << math.ceil(math.log2(sig.size + ir.size))
        tail = np.fft.irfft(np.fft.rfft(sig, size) * np.fft.rfft(ir, size), size)[: sig.size]
        out.append(sig + wet * tail)
    return out[0], out[1]


def fades(sig: Signal, *, fade_in: float, fade_out: float) -> Signal:
    n = sig.size
    env = np.ones(n)
    a, b = int(fade_in * RATE), int(fade_out * RATE)
    env[:a] = np.sin(np.linspace(0, np.pi / 2, a)) ** 2
    env[n - b :] = np.cos(np.linspace(0, np.pi / 2, b)) ** 2
    return sig * env


def _k_weighting(freqs: npt.NDArray[np.floating[Any]]) -> Signal:
    """Magnitude response of the BS.1770 K-weighting (shelf + high-pass) at ``freqs``."""
    # Analytic 2nd-order approximations of the two BS.1770 stages.
    f_shelf, gain_db, q_shelf = 1681.97, 3.9998, 0.7072
    f_hp, q_hp = 38.135, 0.5003
    s = 1j * freqs / f_shelf
    g = 10 ** (gain_db / 20)
    shelf = (g * s**2 + math.sqrt(g) / q_shelf * s + 1) / (s**2 + s / q_shelf + 1)
    s2 = 1j * freqs / f_hp
    hp = s2**2 / (s2**2 + s2 / q_hp + 1)
    return np.abs(shelf * hp)


def loudness_lufs(left: Signal, right: Signal) -> float:
    """Integrated loudness (BS.1770-style: K-weighted, 400 ms blocks, gated)."""
    powers = []
    for sig in (left, right):
        spec = np.fft.rfft(sig)
        weighted = np.fft.irfft(spec * _k_weighting(np.fft.rfftfreq(sig.size, 1 / RATE)), sig.size)
        block, hop = int(0.4 * RATE), int(0.1 * RATE)
        sq = np.concatenate([[0.0], np.cumsum(weighted**2)])
        starts = np.arange(0, sig.size - block, hop)
        powers.append((sq[starts + block] - sq[starts]) / block)
    z = powers[0] + powers[1]
    lk = -0.691 + 10 * np.log10(np.maximum(z, 1e-12))
    z = z[lk > -70]
    rel = -0.691 + 10 * np.log10(np.mean(z)) - 10
    z = z[-0.691 + 10 * np.log10(z) > rel]
    return float(-0.691 + 10 * np.log10(np.mean(z)))


def limit(left: Signal, right: Signal, *, ceiling_db: float) -> tuple[Signal, Signal]:
    """A gentle look-ahead peak limiter on 5 ms blocks with smoothed gain."""
    ceiling = 10 ** (ceiling_db / 20)
    block = 220
    n = left.size
    pad_n = (-n) % block
    peak = np.maximum(np.abs(np.pad(left, (0, pad_n))), np.abs(np.pad(right, (0, pad_n)))).reshape(-1, block).max(axis=1)
    peak = np.maximum(peak, np.concatenate([peak[1:], [0]]))  # look ahead one block
    gain = np.minimum(1.0, ceiling / np.maximum(peak, 1e-9))
    kernel = np.hanning(9)
    kernel /= kernel.sum()
    gain = np.minimum(gain, np.convolve(gain, kernel, mode="same"))
    g = np.interp(np.arange(n), np.arange(gain.size) * block + block / 2, gain)
    return left * g, right * g


def master(left: Signal, right: Signal, bed: Bed) -> tuple[Signal, Signal, float]:
    """Reverb, fades, loudness normalisation and limiting; returns (L, R, LUFS)."""
    left, right = reverb(left, right, seconds=2.2, wet=0.35, seed=bed.seed)
    left = fades(left, fade_in=bed.fade_in, fade_out=bed.fade_out)
    right = fades(right, fade_in=bed.fade_in, fade_out=bed.fade_out)
    for _ in range(4):  # limiting lowers loudness a little; converge in a few passes
        gain = 10 ** ((TARGET_LUFS - loudness_lufs(left, right)) / 20)
        left, right = limit(left * gain, right * gain, ceiling_db=PEAK_CEILING_DB)
    return left, right, loudness_lufs(left, right)


def write_wav(path: Path, left: Signal, right: Signal) -> None:
    """Write 16-bit stereo PCM atomically."""
    frames = np.empty(left.size * 2, np.int16)
    frames[0::2] = np.clip(np.round(left * 32767), -32768, 32767)
    frames[1::2] = np.clip(np.round(right * 32767), -32768, 32767)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".wav.tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames.astype("<i2").tobytes())
    tmp.replace(path)


@dataclass(frozen=True)
class BedReport:
    path: Path
    seconds: float
    lufs: float
    peak_db: float
    clipped: int
    nbytes: int


def make_bed(bed: Bed, out_dir: Path) -> BedReport:
    left, right = render_bed(bed)
    left, right, lufs = master(left, right, bed)
    path = out_dir / f"{bed.name}.wav"
    write_wav(path, left, right)
    peak = float(max(np.max(np.abs(left)), np.max(np.abs(right))))
    clipped = int(np.sum(np.abs(left) >= 1.0) + np.sum(np.abs(right) >= 1.0))
    return BedReport(path, left.size / RATE, lufs, 20 * math.log10(peak), clipped, path.stat().st_size)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", type=Path, default=Path("media/music"), help="where the .wav files go")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    for bed in (GENTLE, BRIGHT):
        r = make_bed(bed, args.out_dir)
        print(f"{r.path}  {r.seconds:.1f}s  {r.lufs:.1f} LUFS  peak {r.peak_db:.1f} dBFS  clipped={r.clipped}  {r.nbytes:,d} B")
    print(f"done in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
