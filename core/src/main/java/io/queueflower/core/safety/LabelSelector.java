package io.queueflower.core.safety;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its string form ({@code app=cart,tier!=db,env in (prod,staging),!legacy}),
 * matched against a Deployment's labels.
 *
 * <p>Written here rather than taken from fabric8 because the safety core must not depend on a Kubernetes client;
 * it covers the whole string syntax kubectl accepts: {@code =}, {@code ==}, {@code !=}, {@code in}, {@code notin},
 * existence and non-existence.
 */
public final class LabelSelector {
    private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    private enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS }

    private record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> actual != null && values.contains(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case NOT_EXISTS -> actual == null;
            };
        }
    }

    private final String text;
    private final List<Requirement> requirements;

    private LabelSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = List.copyOf(requirements);
    }

    /** Parses a selector; an error names the offending requirement. */
    public static LabelSelector parse(String text) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            String requirement = part.trim();
            if (requirement.isEmpty()) {
                throw new IllegalArgumentException("label selector '" + text + "' has an empty requirement");
            }
            requirements.add(parseRequirement(text, requirement));
        }
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("label selector is empty; omit it instead of matching everything");
        }
        return new LabelSelector(text.trim(), requirements);
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("label selector '" + text + "' has an unmatched ')'");
                }
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("label selector '" + text + "' has an unmatched '('");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Requirement parseRequirement(String selector, String requirement) {
        if (requirement.startsWith("!")) {
            return new Requirement(key(selector, requirement.substring(1).trim()), Operator.NOT_EXISTS, Set.of());
        }
        int notEquals = requirement.indexOf("!=");
        if (notEquals > 0) {
            return new Requirement(key(selector, requirement.substring(0, notEquals).trim()), Operator.NOT_EQUALS,
                    Set.of(value(selector, requirement.substring(notEquals + 2).trim())));
        }
        int equals = requirement.indexOf('=');
        if (equals > 0) {
            int valueStart = requirement.startsWith("==", equals) ? equals + 2 : equals + 1;
            return new Requirement(key(selector, requirement.substring(0, equals).trim()), Operator.EQUALS,
                    Set.of(value(selector, requirement.substring(valueStart).trim())));
        }
        String[] words = requirement.split("\\s+", 2);
        if (words.length == 2) {
            String rest = words[1].trim();
            Operator operator;
            String list;
            if (rest.startsWith("notin")) {
                operator = Operator.NOT_IN;
                list = rest.substring("notin".length()).trim();
            } else if (rest.startsWith("in")) {
                operator = Operator.IN;
                list = rest.substring("in".length()).trim();
            } else {
                throw new IllegalArgumentException("label selector '" + selector + "': cannot parse requirement '"
                        + requirement + "' (expected key, !key, key=value, key!=value, key in (...) or key notin (...))");
            }
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw new IllegalArgumentException("label selector '" + selector + "': values of '" + requirement
                        + "' must be in parentheses");
            }
            Set<String> values = new LinkedHashSet<>();
            for (String v : list.substring(1, list.length() - 1).split(",", -1)) {
                values.add(value(selector, v.trim()));
            }
            return new Requirement(key(selector, words[0]), operator, values);
        }
        return new Requirement(key(selector, requirement), Operator.EXISTS, Set.of());
    }

    private static String key(String selector, String key) {
        if (key.length() > 316 || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("label selector '" + selector + "': '" + key + "' is not a valid label key");
        }
        return key;
    }

    private static String value(String selector, String value) {
        if (value.length() > 63 || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("label selector '" + selector + "': '" + value
                    + "' is not a valid label value");
        }
        return value;
    }
}
