package org.matfun.core.function;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One function, or one function family at several values of its parameter (issue 14, "many parameter values"):
 * {@code exp:beta=0.1,0.5,1}, {@code power:p=2,10,100,250.5}, or a range {@code exp:beta=START:STEP:END}
 * (START + i STEP for i = 0, 1, ... while the value does not pass END, in exact decimal arithmetic: END is included
 * when it is reached, so {@code 0.1:0.1:1} has ten values). T_k does not depend on the parameter, so one Lanczos pass serves
 * every value.
 *
 * @param spec          the specification as given (trimmed)
 * @param parameterName beta or p, or null for a single function without parameter
 * @param functions     the functions in the order given, at least one; duplicates are kept as given
 * @param list          true if the specification is a list or range (then the outputs have one result per value),
 *                      false for a single function (today's outputs)
 */
public record FunctionList(String spec, String parameterName, List<MatrixFunction> functions, boolean list) {

    /** The longest list accepted (each value costs O(k^2) per step on the driver). */
    public static final int MAX_VALUES = 10_000;

    public FunctionList {
        if (functions == null || functions.isEmpty()) {
            throw new IllegalArgumentException("a function list needs at least one function");
        }
        functions = List.copyOf(functions);
    }

    /** A single function (not a list). */
    public static FunctionList of(MatrixFunction f) {
        return new FunctionList(f.spec(), f.hasParameter() ? f.parameterName() : null, List.of(f), false);
    }

    /** The first function: the family's representative (its name, domain and parameter name are the family's). */
    public MatrixFunction first() {
        return functions.get(0);
    }

    /** Number of values, >= 1. */
    public int size() {
        return functions.size();
    }

    /**
     * The parameter values in the order given (length {@link #size()}).
     *
     * @throws IllegalStateException for a single function without parameter
     */
    public double[] parameters() {
        if (parameterName == null) {
            throw new IllegalStateException(spec + " has no parameter");
        }
        double[] p = new double[functions.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = functions.get(i).parameter();
        }
        return p;
    }

    /**
     * Parses a single specification ({@link MatrixFunction#parse}) or a list/range of one parameter:
     * {@code NAME:PARAM=V1,V2,...} or {@code NAME:PARAM=START:STEP:END}.
     *
     * @throws IllegalArgumentException for what {@link MatrixFunction#parse} refuses, a list of a function without
     *                                  parameter, a zero or wrong-signed STEP, an empty range, or more than
     *                                  {@value #MAX_VALUES} values; the message names the part
     */
    public static FunctionList parse(String spec) {
        Values parts = values(spec);
        if (parts == null) {
            return of(MatrixFunction.parse(spec == null || spec.isBlank() ? spec : spec.trim()));
        }
        List<MatrixFunction> fs = new ArrayList<>(parts.values().size());
        for (String v : parts.values()) {
            fs.add(MatrixFunction.parse(parts.single(v)));
        }
        MatrixFunction f0 = fs.get(0);
        if (!f0.hasParameter()) {
            throw new IllegalArgumentException("'" + spec + "': " + f0.name() + " has no parameter to list");
        }
        return new FunctionList(spec.trim(), f0.parameterName(), fs, true);
    }

    /**
     * The parts of a list or range specification {@code NAME:PARAM=V1,V2,...} / {@code NAME:PARAM=START:STEP:END},
     * before any function is built: the one syntax of parameter lists, shared by this class and the complex
     * Hermitian path ({@code org.matfun.core.hermitian.ComplexFunctionList}).
     *
     * @param name   the function's name as given, e.g. {@code exp} or {@code expi}
     * @param key    the parameter's name as given, e.g. {@code beta} or {@code t}
     * @param values the values' texts in order (a range's values as exact decimals, END included when reached)
     */
    public record Values(String name, String key, List<String> values) {

        /** The single-value specification NAME:KEY=VALUE of one value. */
        public String single(String value) {
            return name + ":" + key + "=" + value;
        }
    }

    /**
     * Splits a list or range specification into its parts ({@link Values}); null if the specification is a single
     * function (no ',' or ':' after the '=').
     *
     * @throws IllegalArgumentException for a list mixed with a range, an empty list entry, a second parameter, a
     *                                  malformed, empty or zero-step range, or more than {@value #MAX_VALUES}
     *                                  values; the message names the part
     */
    public static Values values(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = s.substring(0, colon).trim();
        String rest = s.substring(colon + 1).trim();
        int eq = rest.indexOf('=');
        boolean range = eq >= 0 && rest.indexOf(':', eq) >= 0;
        boolean many = eq >= 0 && rest.indexOf(',', eq) >= 0;
        if (!range && !many) {
            return null;
        }
        String key = rest.substring(0, eq).trim();
        String values = rest.substring(eq + 1).trim();
        if (range && many) {
            throw new IllegalArgumentException("'" + spec + "' mixes a list (,) and a range (:); give V1,V2,... or"
                    + " START:STEP:END");
        }
        List<String> texts = range ? rangeValues(spec, values) : splitList(spec, values);
        if (texts.size() > MAX_VALUES) {
            throw new IllegalArgumentException("'" + spec + "' gives " + texts.size() + " values; at most "
                    + MAX_VALUES + " are accepted");
        }
        return new Values(name, key, List.copyOf(texts));
    }

    private static List<String> splitList(String spec, String values) {
        List<String> out = new ArrayList<>();
        for (String part : values.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("'" + spec + "' has an empty value in its list; expected"
                        + " V1,V2,... e.g. exp:beta=0.1,0.5,1");
            }
            if (p.contains("=")) {
                throw new IllegalArgumentException("'" + spec + "': '" + p + "' is a second parameter; a list gives"
                        + " values of one parameter, e.g. exp:beta=0.1,0.5,1");
            }
            out.add(p);
        }
        return out;
    }

    /** START:STEP:END as decimal strings of START + i STEP (exact decimal arithmetic, so 0.1:0.1:1 has 10 values). */
    private static List<String> rangeValues(String spec, String values) {
        String[] p = values.split(":", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("'" + spec + "': a range is START:STEP:END, e.g. expi:t=0.1:0.1:5;"
                    + " got '" + values + "'");
        }
        BigDecimal start = decimal(spec, "START", p[0]);
        BigDecimal step = decimal(spec, "STEP", p[1]);
        BigDecimal end = decimal(spec, "END", p[2]);
        if (step.signum() == 0) {
            throw new IllegalArgumentException("'" + spec + "': STEP is 0; expected a nonzero step");
        }
        BigDecimal span = end.subtract(start);
        if (span.signum() != 0 && span.signum() != step.signum()) {
            throw new IllegalArgumentException("'" + spec + "': STEP " + p[1].trim() + " goes away from END "
                    + p[2].trim() + "; the range is empty");
        }
        double count = span.doubleValue() / step.doubleValue();
        if (count + 1 > MAX_VALUES) {
            throw new IllegalArgumentException("'" + spec + "' gives about " + (long) (count + 1)
                    + " values; at most " + MAX_VALUES + " are accepted");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            BigDecimal x = start.add(step.multiply(BigDecimal.valueOf(i)));
            BigDecimal beyond = x.subtract(end).multiply(BigDecimal.valueOf(step.signum()));
            if (beyond.signum() > 0) {
                break;
            }
            out.add(x.stripTrailingZeros().toPlainString());
        }
        return out;
    }

    private static BigDecimal decimal(String spec, String what, String text) {
        String t = text.trim();
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new IllegalArgumentException("'" + spec + "': " + what + " '" + t + "' of the range is not a"
                    + " decimal number");
        }
        return new BigDecimal(t);
    }
}
