import { type FeePreviewPorts, previewFees } from '../../domain/fees/preview-fees';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { yearParameter } from './admin-schemas';

export const createHandler = (ports: () => FeePreviewPorts) =>
  httpFunction(async (event) =>
    ok(await previewFees(ports(), pathParameterAs(event, 'year', yearParameter))),
  );

export const handler = createHandler(awsPorts);
