package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.Set;
import java.util.TreeSet;

/** RBAC permissions flattened to comparable {@code group resource verb} lines. */
final class Rbac {
    private Rbac() {
    }

    static String permission(String group, String resource, String verb) {
        return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }

    static Set<String> granted(Role role) {
        Set<String> lines = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        lines.add(permission(group, resource, verb));
                    }
                }
            }
        }
        return lines;
    }

    static Set<String> declaredByTheCode() {
        Set<String> lines = new TreeSet<>();
        for (KubernetesAccess.Grant grant : KubernetesAccess.GRANTS) {
            grant.verbs().forEach(verb -> lines.add(permission(grant.apiGroup(), grant.resource(), verb)));
        }
        return lines;
    }

    /**
     * The permission an API request needs, from its method and path: {@code /api/v1/...} is the core group,
     * {@code /apis/<group>/<version>/...} any other; a GET of a collection is list, or watch with {@code watch=true}.
     */
    static String needed(String method, String pathAndQuery) {
        String path = pathAndQuery;
        String query = "";
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            query = pathAndQuery.substring(q + 1);
        }
        String[] parts = path.replaceFirst("^/", "").split("/");
        int i;
        String group;
        if (parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            throw new IllegalArgumentException("not a resource path: " + pathAndQuery);
        }
        if (parts.length > i && parts[i].equals("namespaces") && parts.length > i + 2) {
            i += 2;
        }
        String resource = parts[i];
        boolean named = parts.length > i + 1;
        if (parts.length > i + 2) {
            resource = resource + "/" + parts[i + 2];
        }
        String verb = switch (method) {
            case "GET" -> named ? "get" : (query.contains("watch=true") ? "watch" : "list");
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method " + method);
        };
        return permission(group, resource, verb);
    }

    static Set<String> asSet(String... lines) {
        return new TreeSet<>(Set.of(lines));
    }
}
