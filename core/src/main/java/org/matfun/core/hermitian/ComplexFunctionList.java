package org.matfun.core.hermitian;

import org.matfun.core.function.FunctionList;

import java.util.ArrayList;
import java.util.List;

/**
 * One complex function, or one family at several values of its parameter (issue 14, "many parameter values", on the
 * complex Hermitian path): {@code expi:t=0.1,0.2,0.5,1,2,5}, a range {@code expi:t=START:STEP:END} (exact decimals,
 * END included when reached, as {@link FunctionList}), or complex beta values {@code exp:beta=-0.5i,0.1-2i,1}. The
 * list syntax is {@link FunctionList#values}'s (one parser for both paths); each value is then parsed by
 * {@link ComplexFunction#parse}. T_k does not depend on the parameter, so one Lanczos pass serves every value
 * ({@link HermitianFormEstimator#runAll}).
 *
 * @param spec      the specification as given (trimmed)
 * @param parameter T or BETA (every value has the same)
 * @param functions the functions in the order given, at least one; duplicates are kept
 * @param list      true for a list or range (one result per value in the outputs), false for a single function
 */
public record ComplexFunctionList(String spec, ComplexFunction.Parameter parameter, List<ComplexFunction> functions,
                                  boolean list) {

    public ComplexFunctionList {
        if (functions == null || functions.isEmpty()) {
            throw new IllegalArgumentException("a function list needs at least one function");
        }
        functions = List.copyOf(functions);
        for (ComplexFunction f : functions) {
            if (f.parameter() != parameter) {
                throw new IllegalArgumentException("the functions of a list share one parameter; " + f.spec()
                        + " is not in " + parameter);
            }
        }
    }

    /** A single function (not a list). */
    public static ComplexFunctionList of(ComplexFunction f) {
        return new ComplexFunctionList(f.spec(), f.parameter(), List.of(f), false);
    }

    /**
     * Parses a single specification ({@link ComplexFunction#parse}) or a list/range of its parameter.
     *
     * @throws IllegalArgumentException for what {@link FunctionList#values} or {@link ComplexFunction#parse}
     *                                  refuses (a complex value in a range, a complex t, an unknown function, ...);
     *                                  the message names the part
     */
    public static ComplexFunctionList parse(String spec) {
        FunctionList.Values parts = FunctionList.values(spec);
        if (parts == null) {
            return of(ComplexFunction.parse(spec));
        }
        List<ComplexFunction> fs = new ArrayList<>(parts.values().size());
        for (String v : parts.values()) {
            fs.add(ComplexFunction.parse(parts.single(v)));
        }
        return new ComplexFunctionList(spec.trim(), fs.get(0).parameter(), fs, true);
    }

    /** The first function: the family's representative. */
    public ComplexFunction first() {
        return functions.get(0);
    }

    /** Number of values, >= 1. */
    public int size() {
        return functions.size();
    }

    /** The parameter's name: {@code t} or {@code beta}. */
    public String parameterName() {
        return parameter == ComplexFunction.Parameter.T ? "t" : "beta";
    }

    /** The parameter values in the order given: t (real, as Complex) or beta. */
    public List<Complex> parameters() {
        List<Complex> p = new ArrayList<>(functions.size());
        for (ComplexFunction f : functions) {
            p.add(f.parameterValue());
        }
        return List.copyOf(p);
    }

    /** True if every function is real on the real line (real beta: the real path could run the list too). */
    public boolean isReal() {
        for (ComplexFunction f : functions) {
            if (!f.isReal()) {
                return false;
            }
        }
        return true;
    }
}
