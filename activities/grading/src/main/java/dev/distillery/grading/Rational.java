package dev.distillery.grading;

import java.math.BigDecimal;
import java.math.BigInteger;

/** An exact fraction in lowest terms with a positive denominator. */
record Rational(BigInteger num, BigInteger den) {
  static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  /** Largest numerator or denominator kept exact, in bits; larger results are left to doubles. */
  static final int MAX_BITS = 20_000;

  Rational {
    if (den.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
    if (num.signum() == 0) {
      den = BigInteger.ONE;
    }
  }

  static Rational of(long n) {
    return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
  }

  /** A decimal literal such as {@code 0.25} or {@code 12}, exactly. */
  static Rational parse(String decimal) {
    BigDecimal d = new BigDecimal(decimal);
    return d.scale() <= 0
        ? new Rational(d.toBigIntegerExact(), BigInteger.ONE)
        : new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  boolean tooBig() {
    return num.bitLength() > MAX_BITS || den.bitLength() > MAX_BITS;
  }

  Rational add(Rational o) {
    return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  Rational multiply(Rational o) {
    return new Rational(num.multiply(o.num), den.multiply(o.den));
  }

  Rational negate() {
    return new Rational(num.negate(), den);
  }

  /** This divided by {@code o}; null when {@code o} is zero. */
  Rational divide(Rational o) {
    return o.num.signum() == 0 ? null : new Rational(num.multiply(o.den), den.multiply(o.num));
  }

  /** This to an integer power, or null when the result would pass {@link #MAX_BITS}. */
  Rational pow(int exponent) {
    if (exponent < 0) {
      Rational inverse = ONE.divide(this);
      return inverse == null ? null : inverse.pow(-exponent);
    }
    long bits = (long) Math.max(num.bitLength(), den.bitLength()) * exponent;
    if (bits > MAX_BITS) {
      return null;
    }
    return new Rational(num.pow(exponent), den.pow(exponent));
  }

  /** The exact {@code n}-th root (n 2 or 3), or null when it is not rational. */
  Rational root(int n) {
    if (num.signum() < 0 && n % 2 == 0) {
      return null;
    }
    BigInteger a = intRoot(num.abs(), n);
    BigInteger b = intRoot(den, n);
    if (a == null || b == null) {
      return null;
    }
    return new Rational(num.signum() < 0 ? a.negate() : a, b);
  }

  private static BigInteger intRoot(BigInteger x, int n) {
    if (n == 2) {
      BigInteger r = x.sqrt();
      return r.multiply(r).equals(x) ? r : null;
    }
    BigInteger r = BigInteger.valueOf(Math.round(Math.cbrt(x.doubleValue())));
    for (BigInteger c = r.subtract(BigInteger.ONE); c.compareTo(r.add(BigInteger.ONE)) <= 0; ) {
      if (c.pow(n).equals(x)) {
        return c;
      }
      c = c.add(BigInteger.ONE);
    }
    return null;
  }

  double toDouble() {
    double d = num.doubleValue() / den.doubleValue();
    if (Double.isFinite(d) && !(d == 0 && num.signum() != 0)) {
      return d;
    }
    return new BigDecimal(num)
        .divide(new BigDecimal(den), java.math.MathContext.DECIMAL64)
        .doubleValue();
  }
}
