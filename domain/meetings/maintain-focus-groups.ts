import type { FocusGroupRegistry } from '../ports';
import type { FocusGroup } from './focus-group';

/**
 * Adds, renames or retires a focus group. Groups are data: a retired group keeps its id and its
 * past meetings, but new meetings cannot be scheduled for it.
 */
export const saveFocusGroup = async (
  registry: FocusGroupRegistry,
  group: FocusGroup,
): Promise<FocusGroup> => {
  await registry.saveWithEvent(group, {
    detailType: 'FocusGroupSaved',
    detail: { focusGroupId: group.id, retired: group.retired === true },
  });
  return group;
};
