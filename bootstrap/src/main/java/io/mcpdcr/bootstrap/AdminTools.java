package io.mcpdcr.bootstrap;

import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.admin.ManageResourceServers;
import io.mcpdcr.application.admin.ManageUsers;
import io.mcpdcr.application.admin.ReviewFindings;
import io.mcpdcr.application.monitoring.PruneClients;

/** The use cases the admin commands run; {@link Wiring} builds them over one database. */
record AdminTools(
        ManageUsers users,
        ManageClients clients,
        ManageResourceServers resourceServers,
        ReviewFindings findings,
        PruneClients prune) {}
