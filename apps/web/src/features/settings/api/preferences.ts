import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/schema';

export type Preference = Schemas['PreferenceDto'];

/** The preferences come with `GET /me`; saving answers the updated `/me`. */
export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preferences: Preference[]) =>
      unwrap(api.PUT('/api/v1/me/notification-preferences', { body: { preferences } })),
    onSuccess: (me) => queryClient.setQueryData(['me'], (old: object | undefined) => ({ ...old, ...me })),
  });
}
