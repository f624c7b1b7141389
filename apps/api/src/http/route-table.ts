import type { RouteAccess } from '@common-ground/schema';

/** One entry of the app's route table (app.ts records every route as it registers). */
export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
  /** The route's own body limit, where it sets one (the body-limit test sends one byte more). */
  bodyLimit?: number;
  /** Who may call it, from its preValidation guard (modules/access/guards.ts). */
  access: RouteAccess;
}
