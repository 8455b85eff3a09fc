package org.switchboard.web.api;

import java.util.ArrayList;
import java.util.List;

/** The whole admin API route table, in the order the OpenAPI document lists it. */
public final class AdminApi {
    private AdminApi() {}

    /** The admin API plus the routes of services wired in (mail, later PBX ...). */
    public static List<Route> routes(ApiContext c, List<Route> more) {
        List<Route> all = routes(c);
        all.addAll(more);
        return all;
    }

    public static List<Route> routes(ApiContext c) {
        List<Route> all = new ArrayList<>();
        all.addAll(SessionRoutes.routes(c));
        all.addAll(DirectoryRoutes.routes(c));
        all.addAll(DefinitionRoutes.routes(c));
        all.addAll(SystemRoutes.routes(c));
        return all;
    }
}
